import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { applyTheme, rememberedTheme } from './lib/theme.js';
import './styles/theme.css';
import './styles/app.css';
import './styles/sidebar.css';
import './styles/tabs.css';
import './styles/chat.css';
import './styles/dialogs.css';
// Eager, though the panel's code is lazy: the workspace layout and the sidebar's line counts use it.
import './styles/changes.css';
import './styles/mcp.css';

applyTheme(rememberedTheme());
const root = document.getElementById('root');
if (!root) throw new Error('Grove: #root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
