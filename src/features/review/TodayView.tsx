import { useState } from 'react';
import { Link } from 'react-router';
import type { LocalInspection, LocalRow } from '../../db';
import {
  EVALUATIONS,
  EVIDENCE_KINDS,
  labelOf,
  type EvidenceFields,
  type TeamMember,
} from '../../domain';
import { draftSnippet } from '../inspections/home-parts';
import { formatDateTime } from '../shared/format';
import { Button, NotificationBanner, Tag } from '../shared/govuk';
import { memberName } from '../shared/members';
import { TAP_LINK } from '../shared/touch';
import { ConcernCard } from '../safeguarding/ConcernLog';
import { SyncStoppedWarning } from '../shared/SyncStopped';
import { FollowUpList } from './FollowUpList';
import type { AuthorGroup, KindGroup, TodayModel } from './today-model';
import { ShowMore } from '../shared/ShowMore';

/**
 * Per kind, enough to start on (priority actions come first); the rest on request. Six inspectors
 * with every kind is 54 lists: at 10 each Today drew ~360 items, dozens of screens below the
 * first, and that drawing was most of the time Today took to open again with 50,000 notes.
 */
export const ITEMS_PER_KIND = 5;

/** The evaluation as a tag, in the colours GOV.UK uses for urgency; the words carry the meaning. */
const EVALUATION_COLOUR = {
  'priority-action': 'red',
  'area-for-improvement': 'orange',
  strength: 'green',
  neutral: 'grey',
} as const satisfies Record<NonNullable<EvidenceFields['evaluation']>, string>;

const EvidenceItem = ({ row, base }: { row: LocalRow<'evidence'>; base: string }) => {
  const f = row.fields;
  return (
    <li className="govuk-!-margin-bottom-2">
      <Link className={TAP_LINK} to={`${base}/today/${row.id}`}>
        {`${formatDateTime(f.occurredAt)}${f.role ? `, ${f.role}` : ''}`}
      </Link>{' '}
      {f.evaluation && (
        <Tag colour={EVALUATION_COLOUR[f.evaluation]}>{labelOf(EVALUATIONS, f.evaluation)}</Tag>
      )}{' '}
      {f.status === 'draft' && <Tag colour="grey">Draft</Tag>}
      <span className="govuk-body-s govuk-!-display-block">{draftSnippet(row)}</span>
    </li>
  );
};

const KindList = ({ group, base, who }: { group: KindGroup; base: string; who: string }) => {
  const [limit, setLimit] = useState(ITEMS_PER_KIND);
  const label = labelOf(EVIDENCE_KINDS, group.kind);
  return (
    <div className="govuk-!-margin-bottom-4">
      <h4 className="govuk-heading-s govuk-!-margin-bottom-1">
        {label} ({group.items.length})
      </h4>
      <ul className="govuk-list">
        {group.items.slice(0, limit).map((row) => (
          <EvidenceItem key={row.id} row={row} base={base} />
        ))}
      </ul>
      <ShowMore
        shown={limit}
        total={group.items.length}
        step={ITEMS_PER_KIND * 5}
        onMore={() => setLimit((l) => l + ITEMS_PER_KIND * 5)}
      >
        <span className="govuk-visually-hidden">
          {' '}
          {label.toLowerCase()} from {who}
        </span>
      </ShowMore>
    </div>
  );
};

const AuthorSection = ({
  group,
  team,
  base,
}: {
  group: AuthorGroup;
  team: readonly TeamMember[];
  base: string;
}) => {
  const who = memberName(team, group.author);
  return (
    <section className="govuk-!-margin-bottom-6" aria-label={`New evidence from ${who}`}>
      <h3 className="govuk-heading-m govuk-!-margin-bottom-2">
        {who} <span className="govuk-caption-m govuk-!-display-inline">({group.count} new)</span>
      </h3>
      {group.kinds.map((k) => (
        <KindList key={k.kind} group={k} base={base} who={who} />
      ))}
    </section>
  );
};

/** Counts, follow-ups and new evidence: everything below the safeguarding log. */
const ReviewSections = ({
  model,
  inspection,
  base,
  isLead,
  since,
  showAll,
  onShowAll,
  onFinishSession,
  onMarkReviewed,
}: Omit<TodayViewProps, 'model' | 'concerns' | 'done'> & { model: TodayModel; base: string }) => {
  const { counts, groups, followUps } = model;
  const older = counts.new - counts.newSince;
  return (
    <>
      <section aria-labelledby="today-counts" className="govuk-!-margin-bottom-6">
        <h2 className="govuk-heading-m" id="today-counts">
          Evidence review
        </h2>
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">New, not yet reviewed</dt>
            <dd className="govuk-summary-list__value" data-testid="count-new">
              {counts.new}
            </dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Reviewed</dt>
            <dd className="govuk-summary-list__value" data-testid="count-reviewed">
              {counts.reviewed}
            </dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Awaiting follow-up</dt>
            <dd className="govuk-summary-list__value" data-testid="count-follow-up">
              {counts.followUp}
              {counts.replied > 0 && ` (${counts.replied} answered)`}
            </dd>
          </div>
        </dl>
      </section>

      {followUps.length > 0 && (
        <FollowUpList
          followUps={followUps}
          team={inspection.team}
          base={base}
          isLead={isLead}
          onMarkReviewed={onMarkReviewed}
        />
      )}

      <section aria-labelledby="today-new" className="govuk-!-margin-bottom-6">
        <h2 className="govuk-heading-m" id="today-new">
          New evidence
        </h2>
        <p className="govuk-body" data-testid="since">
          {since && !showAll
            ? `Showing ${counts.newSince} changed since your last review, ${formatDateTime(since)}.`
            : `Showing all ${counts.new} not yet reviewed.`}
        </p>
        {since && (older > 0 || showAll) && (
          <Button variant="secondary" onClick={() => onShowAll(!showAll)}>
            {showAll
              ? 'Show only evidence changed since your last review'
              : `Show all new evidence, including ${older} from before`}
          </Button>
        )}
        {groups.length === 0 ? (
          <p className="govuk-body">Nothing new to review.</p>
        ) : (
          groups.map((g) => (
            <AuthorSection key={g.author} group={g} team={inspection.team} base={base} />
          ))
        )}
        {isLead && (
          <>
            <p className="govuk-body">
              When you have finished for the evening, start from here next time: only evidence
              changed after now will show first.
            </p>
            <Button variant="secondary" onClick={onFinishSession}>
              Finish this review session
            </Button>
          </>
        )}
      </section>
    </>
  );
};

export type TodayViewProps = {
  inspection: LocalInspection;
  /** Concerns not yet closed, most urgent first. */
  concerns: readonly LocalRow<'safeguardingConcern'>[];
  /** `undefined` while the evidence is read from the device: concerns show first regardless. */
  model: TodayModel | undefined;
  isLead: boolean;
  since: string | null;
  showAll: boolean;
  onShowAll: (all: boolean) => void;
  onFinishSession: () => void;
  onMarkReviewed: (review: LocalRow<'review'>) => Promise<void>;
  /** What the lead just did, said once at the top. */
  done?: string;
};

/** The lead's evening: open safeguarding concerns first, then the counts, new evidence and follow-ups. */
export const TodayView = ({
  inspection,
  concerns,
  model,
  isLead,
  since,
  showAll,
  onShowAll,
  onFinishSession,
  onMarkReviewed,
  done,
}: TodayViewProps) => {
  const base = `/i/${inspection.id}`;
  return (
    <>
      <span className="govuk-caption-l">{inspection.area}</span>
      <h1 className="govuk-heading-l">Today’s review</h1>
      <SyncStoppedWarning />
      {done && (
        <NotificationBanner title="Success" success role="status">
          <p className="govuk-notification-banner__heading">{done}</p>
        </NotificationBanner>
      )}

      {concerns.length > 0 && (
        <section aria-labelledby="today-concerns" className="govuk-!-margin-bottom-6">
          <h2 className="govuk-heading-m" id="today-concerns">
            Safeguarding concerns not closed ({concerns.length})
          </h2>
          <ul className="govuk-list" data-testid="today-concerns">
            {concerns.map((c) => (
              <ConcernCard
                key={c.id}
                concern={c}
                team={inspection.team}
                inspectionId={inspection.id}
              />
            ))}
          </ul>
        </section>
      )}

      {model ? (
        <ReviewSections
          model={model}
          inspection={inspection}
          base={base}
          isLead={isLead}
          since={since}
          showAll={showAll}
          onShowAll={onShowAll}
          onFinishSession={onFinishSession}
          onMarkReviewed={onMarkReviewed}
        />
      ) : (
        <p className="govuk-body" role="status">
          Loading evidence…
        </p>
      )}
    </>
  );
};
