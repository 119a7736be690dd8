/** The futures suite against an in-process LocalCluster of 2 workers. */
import { Client, LocalCluster } from "weft";
import { futuresSuite } from "./futures-suite";

futuresSuite({
  name: "in-process",
  async start() {
    const cluster = new LocalCluster({ workers: 2, memoryLimit: "128MB" });
    return {
      client: new Client({ cluster }),
      newClient: () => new Client({ cluster }),
      stop: () => cluster.close(),
    };
  },
});
