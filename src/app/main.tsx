import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.scss';
import { App } from './App';
import { keepTypingInView } from './typing-in-view';

keepTypingInView(window);

const root = createRoot(document.getElementById('root')!);
// A transition: React renders the first screen in slices, yielding between them, rather than in
// one long task that holds a slow tablet's main thread while the page loads (issue 10).
startTransition(() =>
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
