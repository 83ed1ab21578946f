import type { credentialsZhCN } from './credentials-zh-CN';

/** English texts of a logistics provider's API keys: the same keys as credentials-zh-CN.ts. */
export const credentialsEn: typeof credentialsZhCN = {
  credentials: {
    title: 'API keys',
    intro: 'A logistics provider signs the tracking events it sends with its API key.',
    issue: 'Issue API key',
    rotate: 'Rotate key',
    rotateTitle: 'Rotate the API key?',
    rotateBody: 'A new key pair is issued. The old secret keeps working for 24 hours, then stops: hand the new one to the provider soon.',
    rotateYes: 'Issue a new key',
    rotateNo: 'Cancel',
    onceTitle: 'Shown only once',
    onceBody: 'The secret is shown here this one time: after a reload or leaving this page it cannot be seen again. Copy it now and hand it to the provider over a safe channel.',
    keyId: 'Key ID',
    secret: 'Secret',
    copyKeyId: 'Copy key ID',
    copySecret: 'Copy secret',
    copied: 'Copied.',
    copyFailed: 'Could not copy: select it and copy by hand.',
    saved: 'I saved it: hide the secret',
    existing: 'Keys issued',
    none: 'No API key issued yet.',
    issuedAt: 'Issued {{date}}',
    expiresAt: 'Stops working {{date}}',
    active: 'In use',
    retiring: 'Stopping soon',
    expired: 'Stopped',
  },
};
