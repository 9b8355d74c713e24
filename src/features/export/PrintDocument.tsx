import { formatDate, formatDateTime } from '../shared/format';
import type { EvidenceView, InspectionRecord } from './record-model';
import { lineTime, SENSITIVE_MARKING } from './record-model';
import { PrintJourneys } from './PrintJourneys';

/** The protective marking; repeated at the top of each part on paper, where each starts a page. */
const Marking = ({ marking, printOnly }: { marking: string; printOnly?: boolean }) => (
  <p className={`govuk-body fb-record__marking${printOnly ? ' fb-print-only' : ''}`}>
    <strong>{marking}</strong>
  </p>
);

const EvidenceItem = ({ e, cited }: { e: EvidenceView; cited?: boolean }) => (
  <article className="fb-record__evidence">
    <h4 className="govuk-heading-s govuk-!-margin-bottom-1">
      {e.kind}, {formatDateTime(e.occurredAt)}
      {e.sensitive && <span className="fb-record__sensitive"> {SENSITIVE_MARKING}</span>}
    </h4>
    <p className="govuk-body-s govuk-!-margin-bottom-1">
      {[
        [e.role, e.agency].filter(Boolean).join(', ') || 'Source not recorded',
        e.evaluation,
        e.caseRefs.length > 0 && `Child ${e.caseRefs.join(', ')}`,
        `Recorded by ${e.author}`,
        e.status,
        cited && 'Cited in the judgement',
      ]
        .filter(Boolean)
        .join(' · ')}
    </p>
    {e.text && <p className="govuk-body fb-pre-wrap">{e.text}</p>}
    {e.lines.length > 0 && (
      <ol className="govuk-list fb-record__lines">
        {e.lines.map((l, i) => (
          <li key={i}>
            <time dateTime={l.at}>{lineTime(l.at)}</time> {l.text}
          </li>
        ))}
      </ol>
    )}
  </article>
);

const Stamp = ({ at }: { at: string }) => (at ? formatDateTime(at) : 'Not recorded');

/**
 * The inspection record as one document, ready to print or save as PDF: the inspection, then per
 * judgement area its draft and evidence (each area on a new page), the children and their
 * journeys, the safeguarding log and the team meetings.
 */
export const PrintDocument = ({ record }: { record: InspectionRecord }) => (
  <article className="fb-record" aria-labelledby="record-title">
    <Marking marking={record.marking} />
    <h2 className="govuk-heading-l" id="record-title">
      {record.title}
    </h2>
    <dl className="govuk-summary-list">
      {[
        ['Local authority area', record.area],
        ['Fieldwork', `${formatDate(record.startsOn)} to ${formatDate(record.endsOn)}`],
        ['Status', record.status],
        ['Evidence', `${record.evidenceCount} ${record.evidenceCount === 1 ? 'piece' : 'pieces'}`],
      ].map(([k, v]) => (
        <div className="govuk-summary-list__row" key={k}>
          <dt className="govuk-summary-list__key">{k}</dt>
          <dd className="govuk-summary-list__value">{v}</dd>
        </div>
      ))}
    </dl>
    <table className="govuk-table">
      <caption className="govuk-table__caption govuk-table__caption--m">Inspection team</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            Name
          </th>
          <th scope="col" className="govuk-table__header">
            Role
          </th>
          <th scope="col" className="govuk-table__header">
            Inspectorate
          </th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {record.team.map((m) => (
          <tr className="govuk-table__row" key={m.id}>
            <td className="govuk-table__cell">{m.name}</td>
            <td className="govuk-table__cell">{m.role}</td>
            <td className="govuk-table__cell">{m.inspectorate}</td>
          </tr>
        ))}
      </tbody>
    </table>

    {record.judgements.map((j) => (
      <section
        key={j.id}
        className="fb-record__judgement"
        aria-labelledby={`record-j-${j.id}`}
        data-testid={`record-judgement-${j.id}`}
      >
        <Marking marking={record.marking} printOnly />
        <h2 className="govuk-heading-l" id={`record-j-${j.id}`}>
          {j.title}
        </h2>
        {j.parentTitle && <p className="govuk-body-s">Part of {j.parentTitle}</p>}
        <dl className="govuk-summary-list">
          {j.graded && (
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Grade</dt>
              <dd className="govuk-summary-list__value">{j.grade}</dd>
            </div>
          )}
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">State</dt>
            <dd className="govuk-summary-list__value">{j.state ?? 'Not drafted'}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Rationale</dt>
            <dd className="govuk-summary-list__value fb-pre-wrap">
              {j.rationale || 'Not written'}
            </dd>
          </div>
          {j.figures.length > 0 && (
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Journey figures cited</dt>
              <dd className="govuk-summary-list__value">
                <ul className="govuk-list">
                  {j.figures.map((f) => (
                    <li key={f.text}>
                      {f.text} (as of {formatDate(f.asOf)})
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
          )}
        </dl>
        <h3 className="govuk-heading-m">Evidence ({j.evidence.length})</h3>
        {j.evidence.length === 0 && <p className="govuk-body">No evidence for this area.</p>}
        {j.evidence.map((e) => (
          <EvidenceItem key={e.id} e={e} cited={e.cited} />
        ))}
      </section>
    ))}

    {record.otherEvidence.length > 0 && (
      <section className="fb-record__judgement" aria-labelledby="record-other">
        <Marking marking={record.marking} printOnly />
        <h2 className="govuk-heading-l" id="record-other">
          Evidence with no judgement area
        </h2>
        {record.otherEvidence.map((e) => (
          <EvidenceItem key={e.id} e={e} />
        ))}
      </section>
    )}

    <section className="fb-record__part" aria-labelledby="record-children">
      <Marking marking={record.marking} printOnly />
      <h2 className="govuk-heading-l" id="record-children">
        Children tracked and sampled
      </h2>
      {record.children.length === 0 && <p className="govuk-body">No children recorded.</p>}
      {record.children.map((c) => (
        <div key={c.id} className="fb-record__child">
          <h3 className="govuk-heading-m govuk-!-margin-bottom-1">{c.caseRef}</h3>
          <p className="govuk-body-s">{c.summary}</p>
          {c.journey.length === 0 ? (
            <p className="govuk-body">No journey recorded.</p>
          ) : (
            <ol className="govuk-list govuk-list--number">
              {c.journey.map((s) => (
                <li key={s.id}>
                  <strong>{formatDate(s.date)}</strong>: {s.stage}
                  {s.agency && ` (${s.agency})`}
                  {s.note && ` — ${s.note}`}
                </li>
              ))}
            </ol>
          )}
        </div>
      ))}
    </section>

    <Marking marking={record.marking} printOnly />
    <PrintJourneys journeys={record.journeys} />

    <section className="fb-record__part" aria-labelledby="record-concerns">
      <Marking marking={record.marking} printOnly />
      <h2 className="govuk-heading-l" id="record-concerns">
        Safeguarding log
      </h2>
      {record.concerns.length === 0 && <p className="govuk-body">No concerns raised.</p>}
      {record.concerns.map((c) => (
        <div key={c.id} className="fb-record__concern">
          <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
            Raised {formatDateTime(c.raisedAt)} by {c.raisedBy} — {c.status}
          </h3>
          <p className="govuk-body fb-pre-wrap">{c.concern}</p>
          <dl className="govuk-summary-list govuk-summary-list--no-border govuk-!-font-size-16">
            {[
              ['Child', c.caseRef || 'Not linked to a case'],
              ['Referred to', c.referredTo || 'Not referred yet'],
              ['Referred at', <Stamp key="r" at={c.referredAt} />],
              ['Lead told', <Stamp key="l" at={c.leadInformedAt} />],
              ['Director told', <Stamp key="d" at={c.directorInformedAt} />],
            ].map(([k, v]) => (
              <div className="govuk-summary-list__row" key={String(k)}>
                <dt className="govuk-summary-list__key">{k}</dt>
                <dd className="govuk-summary-list__value">{v}</dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
    </section>

    <section className="fb-record__part" aria-labelledby="record-meetings">
      <Marking marking={record.marking} printOnly />
      <h2 className="govuk-heading-l" id="record-meetings">
        Team meetings
      </h2>
      {record.meetings.length === 0 && <p className="govuk-body">No team meetings recorded.</p>}
      {record.meetings.map((m) => (
        <div key={m.id} className="fb-record__meeting">
          <h3 className="govuk-heading-m">{formatDate(m.date)}</h3>
          <p className="govuk-body-s">
            Present: {m.attendees.join(', ') || 'not recorded'} · {m.evidenceCount}{' '}
            {m.evidenceCount === 1 ? 'piece' : 'pieces'} of evidence linked
          </p>
          {m.views.map((v) => (
            <div key={v.title}>
              <h4 className="govuk-heading-s govuk-!-margin-bottom-1">{v.title}</h4>
              <p className="govuk-body fb-pre-wrap">{v.text}</p>
            </div>
          ))}
          {m.gaps && (
            <>
              <h4 className="govuk-heading-s govuk-!-margin-bottom-1">Evidence gaps</h4>
              <p className="govuk-body fb-pre-wrap">{m.gaps}</p>
            </>
          )}
          {m.plan && (
            <>
              <h4 className="govuk-heading-s govuk-!-margin-bottom-1">Plan for tomorrow</h4>
              <p className="govuk-body fb-pre-wrap">{m.plan}</p>
            </>
          )}
        </div>
      ))}
    </section>
    <Marking marking={record.marking} />
  </article>
);
