import { useMemo, useState } from 'react';
import { draftKeyOf, type LocalRow } from '../../db';
import {
  AGENCIES,
  JOURNEY_STAGES,
  labelOf,
  measureJourney,
  PERMANENCE_ROUTES,
  type Framework,
  type StepMeasure,
  type TeamMember,
} from '../../domain';
import { ConflictNotice } from '../shared/conflicts';
import { useFieldbook } from '../shared/fieldbook-context';
import { formatDate } from '../shared/format';
import { Button } from '../shared/govuk';
import { FocusedErrorSummary, writeErrorItems, type ErrorItem } from '../shared/write-errors';
import { journeyStagesOf, timescalesOf } from '../shared/journeys';
import { EMPTY_STAGE, JourneyEventForm, toStageForm } from './JourneyEventForm';
import { JourneyFlags, StepLines } from './JourneyMeasures';
import { RefusedNotice } from '../refused/RefusedNotice';
import { useKeptDraft } from '../shared/useKeptDraft';

type Event = LocalRow<'journeyEvent'>;

/** The two halves of a child's journey (DESIGN.md §2.2), in the order a child lives them. */
const PHASES = [
  { id: 'help', title: 'Needing help → receiving help' },
  { id: 'care', title: 'Entering care → placement → permanence → leaving care' },
] as const;

const phaseOf = (stage: string) => JOURNEY_STAGES.find((s) => s.id === stage)?.phase ?? 'help';

export const byDate = (a: Event, b: Event) =>
  a.fields.date.localeCompare(b.fields.date) || a.createdAt.localeCompare(b.createdAt);

const STAGE_FIELD_LABELS: Record<string, string> = {
  stage: 'Stage',
  date: 'Date',
  agency: 'Agency',
  note: 'Note',
  caseId: 'Child case',
  route: 'Route to permanence',
  outOfArea: 'Placement',
};

const showStageValue = (field: string, value: unknown) => {
  if (value === null || value === undefined || value === '') return 'Not set';
  if (field === 'stage') return labelOf(JOURNEY_STAGES, String(value));
  if (field === 'agency') return labelOf(AGENCIES, String(value));
  if (field === 'date') return formatDate(String(value));
  if (field === 'route') return labelOf(PERMANENCE_ROUTES, String(value));
  if (field === 'outOfArea') return value ? 'Out of the area' : 'In the area';
  return String(value);
};

const JourneyItem = ({
  event,
  stages,
  team,
  steps,
}: {
  event: Event;
  stages: readonly string[];
  team: readonly TeamMember[];
  /** The measured steps that end at this stage. */
  steps: readonly StepMeasure[];
}) => {
  const { repo } = useFieldbook();
  const draftKey = draftKeyOf(event.inspectionId, 'journey-stage', event.id);
  const [chosen, setMode] = useState<'view' | 'edit' | 'confirm-delete'>('view');
  // A change typed before a lock or a reload is still waiting: its form opens again by itself.
  const mode = useKeptDraft(draftKey) ? 'edit' : chosen;
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const label = labelOf(JOURNEY_STAGES, event.fields.stage);
  const remove = async () => {
    try {
      await repo.remove('journeyEvent', event.id);
    } catch (error) {
      setErrors(writeErrorItems(error));
    }
  };
  return (
    <div className="moj-timeline__item" data-testid="journey-item">
      <div className="moj-timeline__header">
        <h4 className="moj-timeline__title">{label}</h4>
        {/* Text and screen readers read title and byline as one run: keep a word break between them. */}{' '}
        {event.fields.agency && (
          <p className="moj-timeline__byline">by {labelOf(AGENCIES, event.fields.agency)}</p>
        )}
      </div>
      <p className="moj-timeline__date">
        <time dateTime={event.fields.date}>{formatDate(event.fields.date)}</time>
      </p>
      <div className="moj-timeline__description">
        <FocusedErrorSummary errors={errors} />
        <RefusedNotice entity="journeyEvent" id={event.id} inspectionId={event.inspectionId} />
        <ConflictNotice
          entity="journeyEvent"
          row={event}
          team={team}
          labelOf={(field) => STAGE_FIELD_LABELS[field] ?? field}
          show={showStageValue}
          what="stage"
        />
        <StepLines steps={steps} />
        {(event.fields.route || event.fields.outOfArea) && (
          <p className="govuk-body-s govuk-!-font-weight-bold">
            {event.fields.route
              ? `Route: ${labelOf(PERMANENCE_ROUTES, event.fields.route)}`
              : 'Placed out of the area'}
          </p>
        )}
        {event.fields.note && <p className="govuk-body">{event.fields.note}</p>}
        {mode === 'view' && (
          <div className="govuk-button-group">
            <Button variant="secondary" onClick={() => setMode('edit')}>
              Change
              <span className="govuk-visually-hidden">
                {' '}
                {label} on {formatDate(event.fields.date)}
              </span>
            </Button>
            <Button variant="secondary" onClick={() => setMode('confirm-delete')}>
              Delete
              <span className="govuk-visually-hidden">
                {' '}
                {label} on {formatDate(event.fields.date)}
              </span>
            </Button>
          </div>
        )}
        {mode === 'confirm-delete' && (
          <div className="govuk-button-group">
            <Button variant="warning" onClick={() => void remove()}>
              Yes, delete this stage
            </Button>
            <Button variant="secondary" onClick={() => setMode('view')}>
              Keep it
            </Button>
          </div>
        )}
        {mode === 'edit' && (
          <JourneyEventForm
            initial={toStageForm(event.fields)}
            stages={stages}
            submitLabel="Save changes"
            draftKey={draftKey}
            what={`change to ${label.toLowerCase()} on ${formatDate(event.fields.date)}`}
            onCancel={() => setMode('view')}
            onSave={async (_fields, changed) => {
              if (Object.keys(changed).length > 0)
                await repo.update('journeyEvent', event.id, changed);
              setMode('view');
            }}
          />
        )}
      </div>
    </div>
  );
};

/** The child's journey as a dated timeline (MOJ timeline), and the form to add a stage to it. */
export const Journey = ({
  inspectionId,
  caseId,
  events,
  framework,
  asOf,
  team,
  caseOutOfArea,
}: {
  caseOutOfArea: boolean;
  inspectionId: string;
  caseId: string;
  events: readonly Event[];
  framework: Framework;
  /** The date the journey is measured to (see `journeyAsOf`). */
  asOf: string;
  team: readonly TeamMember[];
}) => {
  const { repo } = useFieldbook();
  const stages = journeyStagesOf(framework);
  const measure = useMemo(
    () =>
      measureJourney({
        points: [...events]
          .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
          .map((e) => ({ id: e.id, stage: e.fields.stage, date: e.fields.date })),
        ...timescalesOf(framework),
        asOf,
      }),
    [events, framework, asOf],
  );
  return (
    <section aria-labelledby="journey-heading" className="govuk-!-margin-bottom-8">
      <h2 className="govuk-heading-m" id="journey-heading">
        The child's journey
      </h2>
      {events.length === 0 ? (
        <p className="govuk-body">No stages yet. Add them as you read the case record.</p>
      ) : (
        <JourneyFlags
          measure={measure}
          caseOutOfArea={caseOutOfArea}
          placedOut={events
            .filter((e) => e.fields.stage === 'placement' && e.fields.outOfArea === true)
            .map((e) => e.fields.date)
            .sort()}
        />
      )}
      {PHASES.map((phase) => {
        const inPhase = events.filter((e) => phaseOf(e.fields.stage) === phase.id).sort(byDate);
        if (inPhase.length === 0) return null;
        return (
          <div key={phase.id} data-testid={`phase-${phase.id}`}>
            <h3 className="govuk-heading-s">{phase.title}</h3>
            <div className="moj-timeline">
              {inPhase.map((event) => (
                <JourneyItem
                  key={event.id}
                  event={event}
                  stages={stages}
                  team={team}
                  steps={measure.steps.filter((s) => s.toId === event.id)}
                />
              ))}
            </div>
          </div>
        );
      })}
      <h3 className="govuk-heading-s govuk-!-margin-top-6">Add a stage</h3>
      <JourneyEventForm
        initial={EMPTY_STAGE}
        stages={stages}
        submitLabel="Add stage"
        draftKey={draftKeyOf(inspectionId, 'journey-stage', `new:${caseId}`)}
        what="new stage"
        onSave={async (fields) => {
          await repo.create('journeyEvent', inspectionId, { ...fields, caseId });
        }}
      />
    </section>
  );
};
