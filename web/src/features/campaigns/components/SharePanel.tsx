import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../../ui/CopyButton';

/**
 * A share link and its QR code. The link is the API server's share
 * page (`/g/:id`, `/b/:id`), whose Open Graph tags make the chat preview; copying
 * falls back to asking the reader to copy by hand where the clipboard is refused.
 */
export function SharePanel({ title, url, testId }: { title: string; url: string; testId: string }) {
  const { t } = useTranslation();
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    void QRCode.toDataURL(url, { margin: 1, width: 200, errorCorrectionLevel: 'M' }).then((data) => {
      if (current) setQr(data);
    });
    return () => {
      current = false;
    };
  }, [url]);

  return (
    <section className="card share-panel" data-testid={testId}>
      <h2>{title}</h2>
      <label className="field">
        <span>{t('campaigns.share.link')}</span>
        <input type="text" readOnly value={url} data-testid={`${testId}-url`} onFocus={(event) => event.currentTarget.select()} />
      </label>
      <CopyButton value={url} label={t('campaigns.share.copy')} copiedText={t('campaigns.share.copied')} failedText={t('campaigns.share.copyFailed')} testId={`${testId}-copy`} />
      {qr && <img className="qr" src={qr} alt={t('campaigns.share.qrAlt', { url })} width={200} height={200} data-testid={`${testId}-qr`} />}
      <p className="fine-print">{t('campaigns.share.qrHint')}</p>
    </section>
  );
}

/** A person as a round initial and their display name (no photos: members are shown by name only). */
export function Initial({ name, className = '' }: { name: string; className?: string }) {
  return (
    <span className={`avatar small ${className}`} aria-hidden="true">
      {Array.from(name.trim())[0] ?? '?'}
    </span>
  );
}
