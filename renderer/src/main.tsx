import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initTransport } from './api/client';
import { applyStyles } from './nhsuk-styles';
import { startRouter } from './store';

applyStyles();
// The token sits in the address's #fragment on first load: take it before routing reads the hash.
initTransport();
startRouter();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
