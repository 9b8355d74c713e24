import { useState } from 'react';
import { Button, ErrorSummary, WarningText } from '../shared/govuk';

/** Deleting asks first: a fortnight's evidence must not go with one stray tap. */
export const DeleteEvidence = ({ onDelete }: { onDelete: () => Promise<void> }) => {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!confirming)
    return (
      <Button variant="warning" onClick={() => setConfirming(true)}>
        Delete this evidence
      </Button>
    );
  return (
    <section className="fb-confirm" aria-labelledby="delete-heading">
      <h2 className="govuk-heading-m" id="delete-heading">
        Are you sure you want to delete this evidence?
      </h2>
      <ErrorSummary errors={error ? [{ text: error }] : []} />
      <WarningText>It will be deleted on this device and, after syncing, for the team.</WarningText>
      <div className="govuk-button-group">
        <Button
          variant="warning"
          onClick={() => {
            setError(null);
            onDelete().catch((caught: unknown) =>
              setError(caught instanceof Error ? caught.message : String(caught)),
            );
          }}
        >
          Yes, delete it
        </Button>
        <Button variant="secondary" onClick={() => setConfirming(false)}>
          No, keep it
        </Button>
      </div>
    </section>
  );
};
