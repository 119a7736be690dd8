/** The futures suite against a separate `weft cluster start --workers 2` process. */
import assert from "node:assert/strict";
import { Client } from "weft";
import { startClusterProcess } from "./cluster-process-harness";
import { futuresSuite } from "./futures-suite";

futuresSuite({
  name: "cluster process",
  async start() {
    const cluster = await startClusterProcess(["--workers", "2", "--memory-limit", "128MB"]);
    return {
      client: new Client({ address: cluster.address }),
      newClient: () => new Client({ address: cluster.address }),
      async stop() {
        assert.equal(await cluster.stop(), 0, cluster.stderr());
      },
    };
  },
});
