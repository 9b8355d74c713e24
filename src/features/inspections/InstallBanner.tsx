import { Button } from '../shared/govuk';
import { useInstallOffer } from '../shared/install-context';

/**
 * On the start screen until Fieldbook is installed: installed, it opens from the tablet's home
 * screen, full screen, and its storage is the app's own rather than a browser tab's.
 */
export const InstallBanner = () => {
  const offer = useInstallOffer();
  if (!offer.canInstall) return null;
  return (
    <div
      className="govuk-notification-banner"
      role="region"
      aria-labelledby="install-title"
      data-testid="install-banner"
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="install-title">
          Install
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">
          Install Fieldbook on this tablet to open it from the home screen, full screen
        </p>
        <Button className="govuk-!-margin-bottom-0" onClick={() => void offer.install()}>
          Install Fieldbook
        </Button>
      </div>
    </div>
  );
};
