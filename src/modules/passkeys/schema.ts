/** Request and response shapes for passkeys: the WebAuthn JSON that @simplewebauthn/browser sends. */
import { Type, type TSchema } from 'typebox';
import { Body, Text } from '../../http/schemas.js';

const B64url = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '^[A-Za-z0-9_-]+$', description: 'base64url' });
const Attachment = Type.Union([Type.Literal('platform'), Type.Literal('cross-platform')]);
/** Chromium reports `credProps` because the registration options ask for it. */
const ExtensionResults = Body({ credProps: Type.Optional(Body({ rk: Type.Optional(Type.Boolean()) })) });
const Transport = Type.Union(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'].map((t) => Type.Literal(t)));

/** A PublicKeyCredential as JSON: the same envelope around either ceremony's response. */
const Credential = <T extends TSchema>(response: T) =>
  Body({
    id: B64url(1024),
    rawId: B64url(1024),
    type: Type.Literal('public-key'),
    authenticatorAttachment: Type.Optional(Attachment),
    clientExtensionResults: ExtensionResults,
    response,
  });

export const RegistrationResponse = Credential(
  Body({
    clientDataJSON: B64url(4096),
    attestationObject: B64url(16_384),
    authenticatorData: Type.Optional(B64url(16_384)),
    transports: Type.Optional(Type.Array(Transport, { maxItems: 8 })),
    publicKeyAlgorithm: Type.Optional(Type.Integer()),
    publicKey: Type.Optional(B64url(4096)),
  }),
);

/** What the payment step-up carries: a signed assertion over the order's challenge. */
export const AuthenticationResponse = Credential(
  Body({
    clientDataJSON: B64url(4096),
    authenticatorData: B64url(4096),
    signature: B64url(1024),
    userHandle: Type.Optional(B64url(1024)),
  }),
);

/** Credential ids can be long (security keys): up to 1,023 bytes. */
export const PasskeyIdParams = Body({ id: B64url(1400) });

export const RegisterBody = Body({ response: RegistrationResponse, name: Type.Optional(Text({ minLength: 1, maxLength: 40 })) });

export const Passkey = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

/** PublicKeyCredentialCreation/RequestOptionsJSON, passed to @simplewebauthn/browser as they are. */
export const WebAuthnOptions = Type.Object({ challenge: Type.String() }, { additionalProperties: true, description: 'WebAuthn options JSON (see @simplewebauthn/browser)' });
