import { Type } from 'typebox';
import { Body, Text } from '../../http/schemas.js';
import { REAL_NAME_PATTERN } from '../../lib/names.js';
import { PHONE_PATTERN } from '../../lib/phone.js';
import { DocumentedEnum } from '../../lib/documented-enum.js';

const Phone = Type.String({ maxLength: 11, pattern: PHONE_PATTERN, description: 'Mainland mobile number', examples: ['13800138000'] });
const Password = Type.String({ minLength: 8, maxLength: 128 });
const Pin = Type.String({ maxLength: 6, pattern: '^[0-9]{6}$', description: 'Six digits' });
const Code = Type.String({ maxLength: 6, pattern: '^[0-9]{6}$' });
const DisplayName = Text({ minLength: 1, maxLength: 30 });

export const User = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  phoneMasked: Type.String(),
  phoneVerified: Type.Boolean(),
  identityVerified: Type.Boolean(),
  // The staff roles (accounts' Role); the service's view still types them as strings.
  roles: Type.Array(DocumentedEnum(['admin', 'regulator'])),
  paymentPinSet: Type.Boolean(),
  totpEnabled: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const RegisterBody = Body({ phone: Phone, password: Password, displayName: DisplayName });
export const LoginBody = Body({ phone: Phone, password: Type.String({ minLength: 1, maxLength: 128 }) });
export const UserResponse = Type.Object({ user: User });
export const LoginResponse = Type.Object({ token: Type.String(), user: User });

export const PhoneCodeResponse = Type.Object({ sent: Type.Boolean(), expiresAt: Type.String({ format: 'date-time' }) });
export const PhoneVerifyBody = Body({ code: Code });
export const PhoneVerifyResponse = Type.Object({ phoneVerified: Type.Boolean(), user: User });

export const IdentityBody = Body({
  realName: Type.String({ minLength: 2, maxLength: 30, pattern: REAL_NAME_PATTERN }),
  idNumber: Type.String({ minLength: 1, maxLength: 18 }),
});
export const IdentityResponse = Type.Object({ identityVerified: Type.Boolean(), user: User });

export const PinBody = Body({ pin: Pin, currentPin: Type.Optional(Pin) });

export const TotpEnrolResponse = Type.Object({ secret: Type.String(), otpauthUrl: Type.String() });
export const TotpVerifyBody = Body({ code: Code });

const Region = Text({ minLength: 2, maxLength: 60 });
const Line = Text({ minLength: 2, maxLength: 200 });
export const AddressBody = Body({ recipient: Text({ minLength: 1, maxLength: 30 }), phone: Phone, region: Region, line: Line });
export const Address = Type.Object({ id: Type.String(), recipient: Type.String(), phone: Type.String(), region: Type.String(), line: Type.String() });
export const AddressResponse = Type.Object({ address: Address });
export const AddressList = Type.Object({
  items: Type.Array(
    Type.Object({
      ...Address.properties,
      lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'when this address was last chosen for an order; null if never' }),
    }),
  ),
});

export const RoleBody = Body({ role: Type.Union([Type.Literal('admin'), Type.Literal('regulator')]), granted: Type.Boolean() });

export const PersonalDataQuery = Body({ purpose: Text({ minLength: 5, maxLength: 200, description: 'Why the data is read; logged and shown to the user' }) });
export const PersonalDataResponse = Type.Object({
  userId: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  realName: Type.Union([Type.String(), Type.Null()]),
  idNumber: Type.Union([Type.String(), Type.Null()]),
});
