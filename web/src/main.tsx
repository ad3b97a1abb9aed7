import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { errorMessage } from "./errors";
import { loadNetwork } from "./network";
import { AppProvider } from "./state";
import "./styles.css";

const root = createRoot(document.getElementById("root")!);
loadNetwork().then(
  (network) =>
    root.render(
      <StrictMode>
        <AppProvider network={network}>
          <App />
        </AppProvider>
      </StrictMode>,
    ),
  (e) =>
    root.render(
      <main>
        <h1>Mars vault</h1>
        <div className="error" role="alert">
          Cannot reach the network: {errorMessage(e)}
        </div>
      </main>,
    ),
);
