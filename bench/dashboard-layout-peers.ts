/**
 * The layouts the Graph page could use, side by side in one page for the graph benchmark: Weft's
 * layered layout (run in one call, no slicing), dagre (the layout behind cytoscape-dagre) and
 * ELK's layered algorithm (elkjs, behind cytoscape-elk).
 */
import * as dagre from "@dagrejs/dagre";
import ELK from "elkjs/lib/elk.bundled.js";
import { layeredLayout, type LayoutGraph } from "../webview/layout/layeredLayout";

function weft(graph: LayoutGraph): number {
  const work = layeredLayout(graph, { layerGap: 90, nodeGap: 14 });
  for (;;) {
    const step = work.next();
    if (step.done) return step.value.x.length;
  }
}

function dagreLayout(graph: LayoutGraph): number {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "LR", nodesep: 4, ranksep: 80 });
  g.setDefaultEdgeLabel(() => ({}));
  for (let node = 0; node < graph.nodeCount; node++)
    g.setNode(String(node), { width: 10, height: 10 });
  graph.dependencies.forEach((deps, node) => {
    for (const dep of deps) g.setEdge(String(dep), String(node));
  });
  dagre.layout(g);
  return g.nodeCount();
}

async function elkLayout(graph: LayoutGraph): Promise<number> {
  const elk = new ELK();
  const laid = await elk.layout({
    id: "root",
    layoutOptions: { "elk.algorithm": "layered", "elk.direction": "RIGHT" },
    children: Array.from({ length: graph.nodeCount }, (_, node) => ({
      id: String(node),
      width: 10,
      height: 10,
    })),
    edges: graph.dependencies.flatMap((deps, node) =>
      deps.map((dep) => ({
        id: `${dep}>${node}`,
        sources: [String(dep)],
        targets: [String(node)],
      })),
    ),
  });
  return laid.children?.length ?? 0;
}

Object.assign(globalThis, { layoutPeers: { weft, dagre: dagreLayout, elk: elkLayout } });
