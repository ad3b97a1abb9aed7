// The app is built once for every chain: at run time it reads deployment.json (the contracts'
// addresses, as ts/scripts/deploy.ts writes them) and keplr-chain.json (the chain suggestion) next
// to index.html. The dev and preview servers answer those two paths from the files named by
// MARS_WEB_DEPLOYMENT and MARS_WEB_CHAIN (default: the devnet's, in ../.devnet/).
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Connect } from "vite";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

const devnet = resolve(import.meta.dirname, "../.devnet");
const served: Record<string, string> = {
  "/deployment.json": process.env.MARS_WEB_DEPLOYMENT ?? resolve(devnet, "deployment.json"),
  "/keplr-chain.json": process.env.MARS_WEB_CHAIN ?? resolve(devnet, "keplr-chain.json"),
};

const deploymentFiles: Connect.NextHandleFunction = (req, res, next) => {
  const file = served[(req.url ?? "").split("?")[0]];
  if (!file) return next();
  readFile(file, "utf8").then(
    (body) => {
      res.setHeader("Content-Type", "application/json");
      res.setHeader("Cache-Control", "no-store");
      res.end(body);
    },
    () => {
      res.statusCode = 404;
      res.end(`${file} is missing: deploy first (bash ci/devnet/start.sh)`);
    },
  );
};

export default defineConfig({
  plugins: [
    react(),
    {
      name: "mars-deployment-files",
      configureServer: (server) => void server.middlewares.use(deploymentFiles),
      configurePreviewServer: (server) => void server.middlewares.use(deploymentFiles),
    },
  ],
  // the generated clients in ../ts/src import cosmjs: one copy, this package's
  resolve: { dedupe: ["@cosmjs/amino", "@cosmjs/cosmwasm-stargate", "@cosmjs/proto-signing", "@cosmjs/stargate"] },
  server: { host: "127.0.0.1", fs: { allow: [".."] } },
  preview: { host: "127.0.0.1" },
  build: { chunkSizeWarningLimit: 2000 },
});
