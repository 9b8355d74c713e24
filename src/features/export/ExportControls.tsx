import { useState } from 'react';
import { todayIso } from '../../db';
import { isoAt } from '../../domain';
import { useFieldbook } from '../shared/fieldbook-context';
import { Button } from '../shared/govuk';
import { buildEvidenceCsv } from './build-csv';
import { buildRecordJson } from './build-json';
import { downloadText } from '../shared/download';
import { exportFilename } from './download';
import { buildJourneysCsv } from './journeys-export';
import { recordJourneys } from './record-model';
import { evidenceContext, type RecordInput } from './record-model';

type What = 'JSON' | 'CSV' | 'journeys CSV';

/** One export at a time, and what the person sees of it: a union, not booleans (STYLE.md 7). */
type Job =
  | { state: 'idle' }
  | { state: 'building'; what: What; done: number; total: number }
  | { state: 'done'; what: What; filename: string; kb: number }
  | { state: 'error'; what: What; message: string };

const statusText = (job: Job) => {
  switch (job.state) {
    case 'idle':
      return '';
    case 'building':
      return `Building the ${job.what} file: ${job.done} of ${job.total} records`;
    case 'done':
      return `${job.filename} saved (${job.kb.toLocaleString('en-GB')} KB)`;
    case 'error':
      return `The ${job.what} file could not be made: ${job.message}`;
  }
};

/**
 * Print, JSON and CSV, all on the device and offline. Large exports are built a chunk at a time
 * with a progress bar, so the screen answers taps while they build.
 */
export const ExportControls = ({
  input,
  sensitive,
  printReady,
}: {
  input: RecordInput;
  sensitive: boolean;
  /** The document is on the page (it renders after the buttons), so printing shows all of it. */
  printReady: boolean;
}) => {
  const { clock } = useFieldbook();
  const [job, setJob] = useState<Job>({ state: 'idle' });
  const busy = job.state === 'building';

  const run = async (what: What) => {
    const total =
      what === 'CSV'
        ? input.evidence.length
        : what === 'JSON'
          ? countRows(input)
          : input.cases.length;
    setJob({ state: 'building', what, done: 0, total });
    const onProgress = (done: number, all: number) =>
      setJob({ state: 'building', what, done, total: all });
    try {
      const day = todayIso(clock);
      const asOfInput = { ...input, asOf: day };
      const text =
        what === 'CSV'
          ? await buildEvidenceCsv(input.evidence, evidenceContext(input.inspection, input.cases), {
              onProgress,
            })
          : what === 'JSON'
            ? await buildRecordJson(asOfInput, isoAt(clock), { onProgress })
            : buildJourneysCsv(recordJourneys(asOfInput));
      const csv = what !== 'JSON';
      const filename = exportFilename(
        input.inspection.area,
        day,
        what === 'CSV' ? 'evidence' : what === 'JSON' ? 'record' : 'journeys',
        csv ? 'csv' : 'json',
      );
      const bytes = downloadText(
        filename,
        text,
        csv ? 'text/csv;charset=utf-8' : 'application/json',
      );
      setJob({ state: 'done', what, filename, kb: Math.ceil(bytes / 1024) });
    } catch (error) {
      setJob({
        state: 'error',
        what,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  };

  return (
    <section aria-labelledby="export-heading" className="fb-no-print govuk-!-margin-bottom-8">
      <h2 className="govuk-heading-m" id="export-heading">
        Save or print
      </h2>
      {sensitive && (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            This record holds official-sensitive evidence. Every format marks it; store and share
            the files accordingly.
          </strong>
        </div>
      )}
      <div className="govuk-button-group">
        <Button onClick={() => window.print()} disabled={busy || !printReady}>
          Print or save as PDF
        </Button>
        <Button variant="secondary" onClick={() => void run('JSON')} disabled={busy}>
          Download the record (JSON)
        </Button>
        <Button variant="secondary" onClick={() => void run('CSV')} disabled={busy}>
          Download evidence (CSV)
        </Button>
        <Button variant="secondary" onClick={() => void run('journeys CSV')} disabled={busy}>
          Download journeys (CSV)
        </Button>
      </div>
      <div className="fb-export-progress">
        {job.state === 'building' && (
          <>
            <label className="govuk-label" htmlFor="export-progress">
              Building the {job.what} file
            </label>
            <progress id="export-progress" max={Math.max(job.total, 1)} value={job.done}>
              {job.done} of {job.total}
            </progress>
          </>
        )}
        <p className="govuk-body" role="status" aria-live="polite" data-testid="export-status">
          {statusText(job)}
        </p>
      </div>
    </section>
  );
};

const countRows = (input: RecordInput) =>
  input.evidence.length +
  input.cases.length +
  input.journeyEvents.length +
  input.reviews.length +
  input.drafts.length +
  input.concerns.length +
  input.meetings.length;
