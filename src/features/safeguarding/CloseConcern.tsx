import { useState } from 'react';
import type { LocalRow } from '../../db';
import { useFieldbook } from '../shared/fieldbook-context';
import { Button } from '../shared/govuk';
import { FocusedErrorSummary, writeErrorItems, type ErrorItem } from '../shared/write-errors';

/**
 * Closing is its own deliberate act, taken by the lead (S8) once the referral is made and the
 * director told; a closed concern leaves the top of the lead's view, so it is never one stray tap.
 */
export const CloseConcern = ({
  concern,
  isLead,
}: {
  concern: LocalRow<'safeguardingConcern'>;
  isLead: boolean;
}) => {
  const { repo } = useFieldbook();
  const [confirming, setConfirming] = useState(false);
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const { status, referredAt, directorInformedAt } = concern.fields;
  const setStatus = async (next: 'closed' | 'open' | 'referred') => {
    try {
      await repo.update('safeguardingConcern', concern.id, { status: next });
      setErrors([]);
      setConfirming(false);
    } catch (error) {
      setErrors(writeErrorItems(error));
    }
  };

  if (status === 'closed')
    return (
      <section className="govuk-!-margin-bottom-6" aria-labelledby="close-heading">
        <h2 className="govuk-heading-m" id="close-heading">
          Closed
        </h2>
        <FocusedErrorSummary errors={errors} />
        <p className="govuk-body">This concern is closed.</p>
        {isLead && (
          <Button
            variant="secondary"
            onClick={() => void setStatus(referredAt ? 'referred' : 'open')}
          >
            Reopen this concern
          </Button>
        )}
      </section>
    );

  const missing = [
    !referredAt && 'the referral has not been recorded',
    !directorInformedAt && 'the director has not been recorded as told',
  ].filter((x): x is string => Boolean(x));
  return (
    <section className="govuk-!-margin-bottom-6" aria-labelledby="close-heading">
      <h2 className="govuk-heading-m" id="close-heading">
        Close the concern
      </h2>
      <FocusedErrorSummary errors={errors} />
      {!isLead ? (
        <p className="govuk-body">Only the lead inspector can close a safeguarding concern.</p>
      ) : !confirming ? (
        <Button variant="secondary" onClick={() => setConfirming(true)}>
          Close this concern
        </Button>
      ) : (
        <>
          {missing.length > 0 && (
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                Before you close it: {missing.join(', and ')}.
              </strong>
            </div>
          )}
          <p className="govuk-body">
            Close it only when the referral has been made and the director has been told.
          </p>
          <div className="govuk-button-group">
            <Button variant="warning" onClick={() => void setStatus('closed')}>
              Yes, close this concern
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              Keep it open
            </Button>
          </div>
        </>
      )}
    </section>
  );
};
