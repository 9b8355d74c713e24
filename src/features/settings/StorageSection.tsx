import { useCallback, useEffect, useState } from 'react';
import { readStorageState, requestPersistentStorage, type StorageState } from '../../db';
import { Button, Tag } from '../shared/govuk';
import { useOfflineReadiness, type OfflineReadiness } from '../shared/offline-readiness';

const BYTES_PER_MB = 1_000_000;
const mb = (bytes: number) =>
  `${(bytes / BYTES_PER_MB).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`;

/** Whether the app itself is on the tablet, so that every screen opens with no connection. */
const OfflineTag = ({ readiness }: { readiness: OfflineReadiness }) => {
  switch (readiness.state) {
    case 'ready':
      return <Tag colour="green">Yes, every screen opens offline</Tag>;
    case 'preparing':
      return <Tag colour="blue">Saving it now</Tag>;
    case 'failed':
      return <Tag colour="yellow">Not yet: it will try again when connected</Tag>;
    case 'unavailable':
      return <Tag colour="red">No: this browser will not keep it</Tag>;
    case 'unknown':
      return <Tag colour="grey">Checking…</Tag>;
  }
};

type Asked = { state: 'not-asked' } | { state: 'asking' } | { state: 'refused' };

/** How much of the device's storage Fieldbook uses, and whether the browser may clear it. */
export const StorageSection = () => {
  const [storage, setStorage] = useState<StorageState>();
  const [asked, setAsked] = useState<Asked>({ state: 'not-asked' });
  const readiness = useOfflineReadiness();
  const refresh = useCallback(async () => {
    setStorage(await readStorageState());
  }, []);
  useEffect(() => {
    let live = true;
    void readStorageState().then((s) => {
      if (live) setStorage(s);
    });
    return () => {
      live = false;
    };
  }, []);

  const keep = async () => {
    setAsked({ state: 'asking' });
    const granted = await requestPersistentStorage().catch(() => false);
    setAsked(granted ? { state: 'not-asked' } : { state: 'refused' });
    await refresh();
  };

  return (
    <section aria-labelledby="storage-heading" className="govuk-!-margin-bottom-8">
      <h2 className="govuk-heading-m" id="storage-heading">
        Storage on this device
      </h2>
      {storage === undefined ? (
        <p className="govuk-body">Checking storage…</p>
      ) : (
        <>
          <dl className="govuk-summary-list">
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Used</dt>
              <dd className="govuk-summary-list__value" data-testid="storage-used">
                {storage.usageBytes === null || storage.quotaBytes === null
                  ? 'This browser does not say how much storage is used'
                  : `${mb(storage.usageBytes)} of ${mb(storage.quotaBytes)}`}
              </dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Kept when space runs low</dt>
              <dd className="govuk-summary-list__value">
                {storage.persisted ? (
                  <Tag colour="green">Yes, kept</Tag>
                ) : (
                  <Tag colour="yellow">No, the browser may clear it</Tag>
                )}
              </dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Fieldbook saved for use offline</dt>
              <dd className="govuk-summary-list__value" data-testid="offline-readiness-setting">
                <OfflineTag readiness={readiness} />
              </dd>
            </div>
          </dl>
          <p className="govuk-body">
            Everything you record is kept on this device until it has been sent. When a device runs
            short of space, a browser may clear a website's data unless it has agreed to keep it.
            Ask it to keep Fieldbook's data so a fortnight of evidence is never lost.
          </p>
          {!storage.persisted && (
            <Button onClick={() => void keep()} disabled={asked.state === 'asking'}>
              Keep data on this device
            </Button>
          )}
          {asked.state === 'refused' && (
            <div className="govuk-inset-text" role="status">
              The browser did not agree this time. Browsers are more likely to agree once Fieldbook
              is installed on the home screen and used often. Send your work whenever you have a
              connection.
            </div>
          )}
        </>
      )}
    </section>
  );
};
