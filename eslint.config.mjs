// ESLint flat config: typescript-eslint's strict rules for every TypeScript part of the project.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "dist/**",
      "runtime/dist/**",
      "**/dist/**",
      ".weft/**",
      "test-output/**",
      "test/fixtures/**",
      "**/*.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        setImmediate: "readonly",
        URL: "readonly",
        Buffer: "readonly",
        structuredClone: "readonly",
        performance: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
      eqeqeq: ["error", "smart"],
      "no-console": "off",
    },
  },
  {
    files: ["webview/**/*.ts", "test/webview/**/*.{ts,js}", "test/e2e/**/*.ts"],
    languageOptions: {
      globals: { window: "readonly", document: "readonly", acquireVsCodeApi: "readonly" },
    },
  },
  {
    // Custom LSP messages follow vscode-languageserver's own style: one namespace per message.
    files: ["**/protocol.ts"],
    rules: { "@typescript-eslint/no-namespace": "off" },
  },
);
