import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A share link and its QR code. The link is the API server's share
 * page (`/g/:id`, `/b/:id`), whose Open Graph tags make the chat preview; copying
 * falls back to asking the reader to copy by hand where the clipboard is refused.
 */
export function SharePanel({ title, url, testId }: { title: string; url: string; testId: string }) {
  const { t } = useTranslation();
  const [qr, setQr] = useState<string | null>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  useEffect(() => {
    let current = true;
    void QRCode.toDataURL(url, { margin: 1, width: 200, errorCorrectionLevel: 'M' }).then((data) => {
      if (current) setQr(data);
    });
    return () => {
      current = false;
    };
  }, [url]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  }

  return (
    <section className="card share-panel" data-testid={testId}>
      <h2>{title}</h2>
      <label className="field">
        <span>{t('campaigns.share.link')}</span>
        <input type="text" readOnly value={url} data-testid={`${testId}-url`} onFocus={(event) => event.currentTarget.select()} />
      </label>
      <button type="button" className="button secondary" data-testid={`${testId}-copy`} onClick={() => void copy()}>
        {t('campaigns.share.copy')}
      </button>
      {copied && (
        <p className="fine-print" role="status" data-testid={`${testId}-copied`}>
          {copied === 'yes' ? t('campaigns.share.copied') : t('campaigns.share.copyFailed')}
        </p>
      )}
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
