/**
 * Timing one of the lead's screens on the bench page, written once for Today, Coverage and
 * Journeys: over the same rows, `runs` times, the floor (a plain loop over them), the screen's
 * model alone, then a first render of the screen into an empty root with layout forced — what the
 * lead waits for. Production React, real DOM.
 */
import { createRoot, type Root } from 'react-dom/client';

export type ScreenTimings = {
  /** A plain loop over the rows: the least any model must do. */
  floor: number[];
  /** The screen's model alone. */
  model: number[];
  /** The model, then the screen rendered and laid out. */
  screen: number[];
};

const timed = (run: () => void): number => {
  const started = performance.now();
  run();
  return performance.now() - started;
};

const nextFrame = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A root in a new container on the page, and how to take both away again. */
export const mountPoint = () => {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  return {
    root,
    container,
    remove: () => {
      root.unmount();
      container.remove();
    },
  };
};

export const timeScreen = async (
  runs: number,
  steps: {
    floor: () => void;
    model: () => void;
    /** Builds the model and renders the screen into `root` (`flushSync`): layout is forced after. */
    render: (root: Root) => void;
    /** Reads what the screen shows, after each render and before it is taken down. */
    shown?: (container: HTMLElement) => void;
  },
): Promise<ScreenTimings> => {
  const result: ScreenTimings = { floor: [], model: [], screen: [] };
  for (let i = 0; i < runs; i++) {
    result.floor.push(timed(steps.floor));
    result.model.push(timed(steps.model));
    // Each render is a first render into an empty root, as when the lead opens the screen.
    const { root, container, remove } = mountPoint();
    result.screen.push(
      timed(() => {
        steps.render(root);
        void container.offsetHeight; // layout, so the figure is what the lead waits for
      }),
    );
    steps.shown?.(container);
    remove();
    await nextFrame();
  }
  return result;
};
