import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import './alerting.css';
import './access.css';
import { App } from './App';
import { prefetchBoard } from './pages/BoardPage';

// The board is the page most opened: its requests start beside the session check, not after it.
if (window.location.pathname === '/' || window.location.pathname === '/index.html') prefetchBoard(window.location.search, Date.now());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
