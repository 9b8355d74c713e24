import { useId, useState } from 'react';
import { Link } from 'react-router';
import { discardRefused, type RefusedChange } from '../../db';
import { useFieldbook } from '../shared/fieldbook-context';
import { formatDateTime } from '../shared/format';
import { Button, Textarea, WarningText } from '../shared/govuk';
import { TAP_LINK } from '../shared/touch';
import { writeErrorItems, FocusedErrorSummary, type ErrorItem } from '../shared/write-errors';
import { useSession, useTransport } from '../shared/sync-context';
import { useTeamRole } from '../shared/useTeamRole';
import { copyText } from './copy-text';
import { serverValuesOf } from './server-values';
import { refusedCopyText, refusedPath, refusedTitle, refusedValues, shownOf } from './describe';
import { refusedReasonWords } from './reasons';

type Copy = { state: 'idle' } | { state: 'copied' } | { state: 'manual'; text: string };

/**
 * One refused change: its record by name, why in words, the values written, and what the person
 * can do — copy the words to enter them again, or discard the change after confirming.
 */
export const RefusedCard = ({
  change,
  headingLevel = 2,
  showLink = true,
  inspectionGone = false,
}: {
  change: RefusedChange;
  headingLevel?: 2 | 3;
  /** Off on the record's own screen, which is where the link would go. */
  showLink?: boolean;
  /** Its inspection has left this device (S6a): the reason is worded for that. */
  inspectionGone?: boolean;
}) => {
  const { db } = useFieldbook();
  const session = useSession();
  const transport = useTransport();
  const id = useId();
  const [confirming, setConfirming] = useState(false);
  const [copy, setCopy] = useState<Copy>({ state: 'idle' });
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const title = refusedTitle(change);
  const path = refusedPath(change, useTeamRole(change.inspection));
  const shown = shownOf(change);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const SubHeading = headingLevel === 2 ? 'h3' : 'h4';

  /** Online, the server's own values for the fields the change touched; offline, none. */
  const serverValues = async () => {
    const { op, row } = change;
    if (!session || !row || row.seq === 0 || op.kind === 'delete') return undefined;
    try {
      const { history } = await transport.history(session.token, op.entity, op.entityId);
      return serverValuesOf(history, row, Object.keys(op.fields));
    } catch {
      return undefined; // offline, or no longer allowed to read it: the record stays as it is
    }
  };
  const onCopy = async () => {
    const text = refusedCopyText(change);
    setCopy((await copyText(text)) ? { state: 'copied' } : { state: 'manual', text });
  };
  const onDiscard = async () => {
    try {
      await discardRefused(db, change.op.opId, await serverValues());
    } catch (error) {
      setErrors(writeErrorItems(error));
    }
  };

  return (
    <section
      className="govuk-summary-card fb-refused"
      aria-labelledby={`${id}-title`}
      data-testid="refused-change"
    >
      <div className="govuk-summary-card__title-wrapper">
        <Heading className="govuk-summary-card__title" id={`${id}-title`}>
          {title}
        </Heading>
      </div>
      <div className="govuk-summary-card__content">
        <FocusedErrorSummary errors={errors} />
        <p className="govuk-body" data-testid="refused-reason">
          <strong>Why: </strong>
          {refusedReasonWords(change.op.reason, change.op.entity, inspectionGone)}
        </p>
        <p className="govuk-body-s">
          {change.inspection ? `${change.inspection.area}. ` : ''}
          {shown ? 'Typed' : 'Changed'} {formatDateTime(change.op.createdAt)}.
          {shown
            ? ` You typed it and had not sent it yet: only these words were kept.${
                !shown.isNew && !change.row ? ' The record is no longer on this device.' : ''
              }`
            : !change.row && ' This record is no longer on this device.'}
        </p>
        <SubHeading className="govuk-heading-s govuk-!-margin-bottom-1">What you wrote</SubHeading>
        <dl className="govuk-summary-list govuk-!-margin-bottom-4">
          {refusedValues(change).map((v) => (
            <div className="govuk-summary-list__row" key={v.label}>
              <dt className="govuk-summary-list__key">{v.label}</dt>
              <dd className="govuk-summary-list__value fb-preserve-lines">{v.value}</dd>
            </div>
          ))}
        </dl>
        {copy.state === 'copied' && (
          <p className="govuk-body" role="status">
            Copied. Paste it where you want to keep it.
          </p>
        )}
        {copy.state === 'manual' && (
          <Textarea
            id={`${id}-copy`}
            label="This device would not copy it: select the text and copy it yourself"
            value={copy.text}
            onChange={() => undefined}
            rows={6}
          />
        )}
        {confirming && (
          <div role="alert">
            <WarningText>
              Discard this change? What you wrote in it will be gone from this device. Copy it first
              if you may need it.
              {change.row && change.row.seq > 0 && (
                <>
                  {' '}
                  The record goes back to the server’s version (if the server cannot be reached now,
                  it keeps your change on screen until the server next sends the record).
                </>
              )}
            </WarningText>
          </div>
        )}
        <div className="govuk-button-group govuk-!-margin-bottom-0">
          {confirming ? (
            <>
              <Button variant="warning" onClick={() => void onDiscard()}>
                Yes, discard it
                <span className="govuk-visually-hidden"> ({title})</span>
              </Button>
              <Button variant="secondary" onClick={() => setConfirming(false)}>
                Keep it
                <span className="govuk-visually-hidden"> ({title})</span>
              </Button>
            </>
          ) : (
            <>
              <Button variant="secondary" onClick={() => void onCopy()}>
                Copy text
                <span className="govuk-visually-hidden"> ({title})</span>
              </Button>
              <Button variant="warning" onClick={() => setConfirming(true)}>
                Discard
                <span className="govuk-visually-hidden"> ({title})</span>
              </Button>
              {showLink && path && (
                <Link className={TAP_LINK} to={path}>
                  Open the record
                  <span className="govuk-visually-hidden"> ({title})</span>
                </Link>
              )}
            </>
          )}
        </div>
      </div>
    </section>
  );
};
