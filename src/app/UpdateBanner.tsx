import { useUiStore } from './ui-store';

/**
 * A new version is ready. It never reloads by itself: the user chooses when, and is told plainly
 * when a note is open (its words are already saved on the device, but the choice is theirs).
 */
export const UpdateBanner = ({ onUpdate }: { onUpdate: () => void }) => {
  const updateWaiting = useUiStore((s) => s.updateWaiting);
  const formsOpen = useUiStore((s) => s.openForms.size);
  if (!updateWaiting) return null;
  return (
    <div className="govuk-notification-banner" role="region" aria-labelledby="update-banner-title">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="update-banner-title">
          Update available
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">A new version of Fieldbook is ready.</p>
        <p className="govuk-body">
          {formsOpen > 0
            ? 'You have a form open. Everything you have typed is saved on this device, but the page will reload. Update when you are ready.'
            : 'Updating reloads the page. Your evidence stays on this device.'}
        </p>
        <button type="button" className="govuk-button govuk-!-margin-bottom-0" onClick={onUpdate}>
          Reload and update
        </button>
      </div>
    </div>
  );
};
