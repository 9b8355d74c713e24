/**
 * The lead's Today screen on the bench page: the pure model (`buildToday`) and a React render of
 * the screen itself (`TodayView`, production React, into the real DOM, layout forced), over
 * 5,000 or 50,000 evidence rows in memory. Floor: a plain loop over the same rows that counts
 * them per inspector — the least any grouping must do. Exposed as `window.fieldbookLeadBench`.
 */
import { createElement } from 'react';
import { flushSync } from 'react-dom';
import type { Root } from 'react-dom/client';
import { MemoryRouter } from 'react-router';
import type { LocalInspection, LocalRow } from '../../../src/db';
import { frameworkById } from '../../../src/domain';
import {
  buildToday,
  createTodayMemo,
  todayMemoKey,
} from '../../../src/features/review/today-model';
import { TodayView } from '../../../src/features/review/TodayView';
import { BENCH_INSPECTION_ID, benchId, evidenceRows } from './data';
import { timeScreenLoad, type ScreenLoadTimings } from './screen-load';
import { mountPoint, timeScreen, type ScreenTimings } from './screen-timing';

export type LeadTodayRequest = { rows: number; runs: number };
/** Floor: a plain loop counting rows per author; model: `buildToday`; screen: TodayView. */
export type LeadTodayTimings = ScreenTimings & {
  newCount: number;
  followUpCount: number;
  /** Evidence items on screen (the first few per inspector and kind). */
  itemsShown: number;
  floorAuthors: number;
};

const TEAM_SIZE = 6;
const authorOf = (n: number) => benchId(2, 1 + (n % TEAM_SIZE));

const framework = frameworkById('cp-joint-2012')!;
const inspection: LocalInspection = {
  id: BENCH_INSPECTION_ID,
  frameworkId: framework.id,
  area: 'Benchshire',
  startsOn: '2026-11-02',
  endsOn: '2026-11-13',
  status: 'fieldwork',
  team: Array.from({ length: TEAM_SIZE }, (_, i) => ({
    userId: authorOf(i),
    name: `Inspector ${i + 1}`,
    inspectorate: 'ofsted',
    role: i === 0 ? ('lead' as const) : ('inspector' as const),
  })),
  framework,
  source: 'server',
};

/** A fortnight's evidence from a team of six: a third reviewed, one in ten returned, half of those answered. */
const dataset = (count: number) => {
  const evidence = evidenceRows(count).map((row, n) => ({ ...row, author: authorOf(n) }));
  const reviews: LocalRow<'review'>[] = [];
  evidence.forEach((row, n) => {
    const state = n % 3 === 0 ? 'reviewed' : n % 10 === 1 ? 'follow-up' : null;
    if (!state) return;
    reviews.push({
      ...row,
      id: benchId(5, n),
      fields: {
        evidenceId: row.id,
        state,
        comment: state === 'follow-up' ? 'Which cases did this cover?' : null,
        reply: state === 'follow-up' && n % 20 === 1 ? 'Cases 12 and 40' : null,
      },
      author: authorOf(0),
    });
  });
  const concerns: LocalRow<'safeguardingConcern'>[] = [0, 1].map((n) => ({
    ...evidence[n]!,
    id: benchId(6, n),
    fields: {
      raisedAt: evidence[n]!.fields.occurredAt,
      concern: 'A child said nobody collects her from school',
      status: n === 0 ? 'open' : 'referred',
    },
  }));
  return { evidence, reviews, concerns };
};

/** The model, then TodayView rendered into `root` and laid out: what the lead waits for. */
const renderToday = (
  root: Root,
  evidence: readonly LocalRow<'evidence'>[],
  reviews: readonly LocalRow<'review'>[],
  concerns: LocalRow<'safeguardingConcern'>[],
  build: typeof buildToday = buildToday,
) => {
  const model = build({ evidence, reviews, since: null });
  flushSync(() =>
    root.render(
      createElement(
        MemoryRouter,
        null,
        createElement(TodayView, {
          inspection,
          concerns,
          model,
          isLead: true,
          since: null,
          showAll: false,
          onShowAll: () => {},
          onFinishSession: () => {},
          onMarkReviewed: async () => {},
        }),
      ),
    ),
  );
};

const leadTodayTimings = async (request: LeadTodayRequest): Promise<LeadTodayTimings> => {
  const { evidence, reviews, concerns } = dataset(request.rows);
  const shown = { newCount: 0, followUpCount: 0, itemsShown: 0, floorAuthors: 0 };
  const timings = await timeScreen(request.runs, {
    floor: () => {
      const perAuthor = new Map<string, number>();
      for (const row of evidence) perAuthor.set(row.author, (perAuthor.get(row.author) ?? 0) + 1);
      shown.floorAuthors = perAuthor.size;
    },
    model: () => {
      const model = buildToday({ evidence, reviews, since: null });
      shown.newCount = model.counts.new;
      shown.followUpCount = model.counts.followUp;
    },
    render: (root) => renderToday(root, evidence, reviews, concerns),
    shown: (container) => {
      shown.itemsShown = container.querySelectorAll('a[href*="/today/"]').length;
    },
  });
  return { ...timings, ...shown };
};

export type LeadLoadTimings = ScreenLoadTimings;

/** Opening Today also reads the inspection's evidence and reviews from the device. */
const leadTodayLoad = (request: LeadTodayRequest): Promise<LeadLoadTimings> => {
  const { evidence, reviews, concerns } = dataset(request.rows);
  return timeScreenLoad(
    'lead',
    evidence,
    { entity: 'review', table: 'reviews', rows: reviews },
    request.runs,
    (rows, others, store) => {
      const { root, container, remove } = mountPoint();
      const build = store.keep(todayMemoKey(BENCH_INSPECTION_ID), createTodayMemo);
      renderToday(root, rows, others, concerns, build);
      void container.offsetHeight; // layout, as when the lead waits for it
      return remove;
    },
  );
};

export type FieldbookLeadBench = {
  leadTodayTimings: typeof leadTodayTimings;
  leadTodayLoad: typeof leadTodayLoad;
};

declare global {
  interface Window {
    fieldbookLeadBench?: FieldbookLeadBench;
  }
}

window.fieldbookLeadBench = { leadTodayTimings, leadTodayLoad };
