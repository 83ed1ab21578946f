/**
 * Bad input for operators, service providers, the catalog, the deposit rule and
 * uploads (API.md "Operators and service providers", "Catalog", `POST /uploads`):
 * every route refuses wrong types, missing and unknown fields at every nesting
 * level (`contact.extra`, `skus[0].extra`), empty and huge strings, emoji and
 * Chinese where digits belong, SQL and HTML fragments, bad credit codes and
 * identity numbers, prices and group/bargain terms that break RULES.md, images
 * that are not the caller's uploads, and closures announced less than 30 days
 * ahead (R2), with a 4xx problem+json and a stable `code`; such a request changes
 * nothing (every table, every uploaded file). No response may be 5xx.
 *
 * The route table below must equal OPERATOR_ROUTE_KEYS (test/support/bad-input.ts);
 * test/bad-input.test.ts checks that the two files together cover the OpenAPI document.
 *
 * A contract violation found in src/ and not fixed at once is pinned as an `it.fails`
 * test tagged "KNOWN BUG"; when it starts to pass (the bug is fixed), drop its `.fails`.
 */
import { randomInt } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDIT_CODE_CHARSET, creditCodeCheckCharacter } from '../src/modules/operators/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import {
  HTML,
  OPERATOR_ROUTE_KEYS,
  PREFIX,
  SQL_DROP,
  SQL_OR,
  VF,
  badCredentialCases,
  casesFor,
  expectProblem,
  generatedRequest,
  guarded,
  itCoversExactly,
  itMarksExactlyTheSessionRoutes,
  itRefusesEachRoutesBadInput,
  itRefusesInputWhereNoneIsTaken,
  itRefusesMalformedBodies,
  postMultipart,
  routeHarness,
  requestMismatches,
  routeLabel,
  sendUpload,
  tableFingerprints,
  takesInput,
  testImage,
  uploadImage,
  uploadedFiles,
  vf,
  withoutSession,
  type Case,
  type FieldSpec,
  type GeneratedRoute,
  type RequestCase,
} from './support/bad-input.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenUser } from './support/given.js';
import type { Client, Response } from './support/http.js';

const DAY = 86_400_000;

/** A valid unified social credit code no other registration in this run uses. */
function freshCreditCode(): string {
  let first17 = '9133';
  while (first17.length < 17) first17 += CREDIT_CODE_CHARSET[randomInt(0, CREDIT_CODE_CHARSET.length)];
  return first17 + creditCodeCheckCharacter(first17);
}

const contact = () => ({ phone: '13912345678', email: 'shop@example.com' });
const address = () => ({ region: '浙江省 杭州市', line: '西湖区 文三路 90 号' });

function enterpriseBody(creditCode = freshCreditCode()) {
  return {
    kind: 'enterprise',
    shopName: '好物小铺',
    contact: contact(),
    address: address(),
    enterprise: { companyName: '杭州好物贸易有限公司', creditCode, legalRepresentative: '张三丰' },
  };
}

function individualBody(user: GivenUser) {
  return { kind: 'individual', shopName: '个人手作', contact: contact(), address: address(), individual: { realName: user.realName!, idNumber: user.idNumber! } };
}

const CONTACT: FieldSpec = { kind: 'object', fields: { phone: { kind: 'phone' }, email: { kind: 'email', optional: true } } };
const ADDRESS: FieldSpec = { kind: 'object', fields: { region: { kind: 'line', min: 2, max: 60 }, line: { kind: 'line', min: 2, max: 200 } } };
const REGISTRATION_FIELDS: Record<string, FieldSpec> = {
  kind: { kind: 'enum', values: ['enterprise', 'individual'] },
  shopName: { kind: 'line', min: 2, max: 40 },
  contact: CONTACT,
  address: ADDRESS,
};
const SKU_FIELDS: Record<string, FieldSpec> = {
  name: { kind: 'line', min: 1, max: 30 },
  price: { kind: 'fen' },
  stock: { kind: 'stock' },
  groupPrice: { kind: 'fen', optional: true },
  groupSize: { kind: 'groupSize', optional: true },
  bargainFloor: { kind: 'fen0', optional: true },
  maxHelpers: { kind: 'maxHelpers', optional: true },
};
const ADD_ON_FIELDS: Record<string, FieldSpec> = { title: { kind: 'line', min: 1, max: 40 }, price: { kind: 'fen' } };
const ITEM_ID: FieldSpec = { kind: 'text', optional: true, min: 1, max: 64 };

const validSkus = () => [
  { name: '青色', price: 12900, stock: 100, groupPrice: 9900, groupSize: 2, bargainFloor: 5000, maxHelpers: 10 },
  { name: '白色', price: 11900, stock: 5 },
];

function productBody(images: string[]) {
  return {
    title: '手工陶瓷杯',
    description: '景德镇手工拉坯。\n容量 300 ml，可用洗碗机。',
    category: 'home',
    images: images.slice(0, 2),
    skus: validSkus(),
    addOns: [{ title: '礼盒包装', price: 1000 }],
  };
}

/** The SKU rules of RULES.md (group buy, bargain) and API.md, one broken at a time. */
function skuRuleCases(s: Setup): Case[] {
  const sku = (fields: Record<string, unknown>) => ({ name: '规格', price: 10000, stock: 10, ...fields });
  const body = (skus: unknown[]) => ({ ...productBody(s.images), skus });
  return [
    vf('groupPrice without groupSize', { body: body([sku({ groupPrice: 9000 })]) }),
    vf('groupSize without groupPrice', { body: body([sku({ groupSize: 2 })]) }),
    vf('groupPrice equal to the price', { body: body([sku({ groupPrice: 10000, groupSize: 2 })]) }),
    vf('groupPrice above the price', { body: body([sku({ groupPrice: 10001, groupSize: 2 })]) }),
    vf('groupSize 1', { body: body([sku({ groupPrice: 9000, groupSize: 1 })]) }),
    vf('groupSize 11', { body: body([sku({ groupPrice: 9000, groupSize: 11 })]) }),
    vf('bargainFloor equal to the price', { body: body([sku({ bargainFloor: 10000 })]) }),
    vf('bargainFloor above the price', { body: body([sku({ bargainFloor: 20000 })]) }),
    vf('price − bargainFloor below maxHelpers', { body: body([sku({ bargainFloor: 9995, maxHelpers: 10 })]) }),
    vf('price − bargainFloor one fen below maxHelpers', { body: body([sku({ bargainFloor: 9901, maxHelpers: 100 })]) }),
    vf('price − bargainFloor below the default 10 helpers', { body: body([sku({ bargainFloor: 9991 })]) }),
    vf('maxHelpers without bargainFloor', { body: body([sku({ maxHelpers: 5 })]) }),
    vf('the rule broken in the second SKU only', { body: body([sku({}), sku({ name: '第二', groupPrice: 10000, groupSize: 2 })]) }),
    vf('duplicate SKU names', { body: body([sku({ name: '红色' }), sku({ name: '红色', price: 20000 })]) }),
    vf('51 SKUs with different names', { body: body(Array.from({ length: 51 }, (_, i) => sku({ name: `规格${i}` }))) }),
    vf('11 add-ons', { body: { ...productBody(s.images), addOns: Array.from({ length: 11 }, (_, i) => ({ title: `配件${i}`, price: 100 })) } }),
  ];
}

/** Images that are not the caller's own uploads, or too many. */
function imageCases(s: Setup, patch: boolean): Case[] {
  const base = patch ? { title: '改名' } : productBody(s.images);
  const withImages = (images: unknown) => ({ ...base, images });
  return [
    vf("another user's upload", { body: withImages([s.otherImage]) }),
    vf("another user's upload after one's own", { body: withImages([s.images[0], s.otherImage]) }),
    vf('a foreign URL', { body: withImages(['https://evil.example/x.png']) }),
    vf('an absolute URL to our own upload', { body: withImages([`https://agora.example${s.images[0]}`]) }),
    vf('10 images, all uploaded by the caller', { body: withImages(s.images.slice(0, 10)) }),
    vf('the same image twice', { body: withImages([s.images[0], s.images[0]]) }),
    vf('an upload URL with a query string', { body: withImages([`${s.images[0]}?v=2`]) }),
    vf('an upload URL in upper case', { body: withImages([s.images[0]!.toUpperCase()]) }),
  ];
}

/* ------------------------------------------------------------- the routes */

interface Product {
  id: string;
  skuIds: string[];
  addOnIds: string[];
}

interface Setup {
  now: Date;
  admin: GivenUser;
  /** Holds the regulator role, not admin. */
  regulator: GivenUser;
  /** Owns the approved operator `op`, its product and ten uploaded images. */
  owner: GivenUser;
  op: string;
  opCreditCode: string;
  images: string[];
  product: Product;
  /** Owns another approved operator and product. */
  other: GivenUser;
  op2: string;
  product2: Product;
  otherImage: string;
  /** Identity verified, no registration: the valid POST /operators and /service-providers. */
  applicant: GivenUser;
  applicant2: GivenUser;
  /** Identity verified, registered nothing. */
  stranger: GivenUser;
  /** Phone verified only. */
  unverified: GivenUser;
  closer: GivenUser;
  closerOp: string;
  /** Owns `pending`, which stays pending, and the pending service provider `spToApprove`. */
  pendingOwner: GivenUser;
  pending: string;
  rejected: string;
  toApprove: string;
  toReject: string;
  spToApprove: string;
  spToApproveCode: string;
  spToReject: string;
  spApproved: string;
}

type Auth = 'none' | 'user' | 'admin' | 'regulator';

/** `variant`: a second table entry for the same route (POST /operators for individuals). */
interface RouteSpec extends GeneratedRoute<Setup> {
  method: 'GET' | 'POST' | 'PATCH';
  auth: Auth;
  /** Whose token (default: `owner`; admin routes the admin, the CSV the regulator). */
  as?: (s: Setup) => GivenUser;
  /** Multipart: the JSON-based generic tests skip it (see the uploads tests). */
  multipart?: true;
}

const PAGE = { limit: { kind: 'limit', optional: true }, cursor: { kind: 'cursor', optional: true } } as const;
const REVIEW_QUERY = { valid: () => ({ status: 'pending', limit: '5' }), fields: { status: { kind: 'status', optional: true }, ...PAGE } } as const;

const ROUTES: RouteSpec[] = [
  {
    method: 'POST',
    path: '/operators',
    variant: 'enterprise',
    auth: 'user',
    as: (s) => s.applicant,
    body: {
      // Lower case is a valid credit code (normalised to upper case).
      valid: () => enterpriseBody(freshCreditCode().toLowerCase()),
      fields: {
        ...REGISTRATION_FIELDS,
        enterprise: {
          kind: 'object',
          fields: { companyName: { kind: 'line', min: 2, max: 100 }, creditCode: { kind: 'creditCode' }, legalRepresentative: { kind: 'line', min: 2, max: 30 } },
        },
      },
    },
    extra: (s) => [
      vf('kind individual with enterprise details', { body: { ...enterpriseBody(), kind: 'individual' } }),
      vf('enterprise details and individual ones', { body: { ...enterpriseBody(), individual: { realName: s.applicant.realName, idNumber: s.applicant.idNumber } } }),
      { label: 'an applicant without a verified identity', token: s.unverified.token, body: enterpriseBody(), status: 403, code: 'IDENTITY_REQUIRED' },
      { label: 'an applicant who already has a shop', token: s.owner.token, body: enterpriseBody(), status: 409, code: 'ALREADY_REGISTERED' },
      { label: "another live shop's credit code", body: enterpriseBody(s.opCreditCode), status: 409, code: 'CREDIT_CODE_TAKEN' },
      { label: "another live shop's credit code in lower case", body: enterpriseBody(s.opCreditCode.toLowerCase()), status: 409, code: 'CREDIT_CODE_TAKEN' },
    ],
    validAnswer: {
      status: 201,
      check: (res) => {
        expect(res.body.operator).toMatchObject({ status: 'pending', kind: 'enterprise', disclosure: { creditCode: expect.stringMatching(/^[0-9A-Z]{18}$/) } });
      },
    },
  },
  {
    method: 'POST',
    path: '/operators',
    variant: 'individual',
    auth: 'user',
    as: (s) => s.applicant2,
    body: {
      valid: (s) => individualBody(s.applicant2),
      fields: {
        ...REGISTRATION_FIELDS,
        // Optional: left out, the identity verified on the account is used (test/operators-verified-identity.test.ts).
        individual: { kind: 'object', optional: true, fields: { realName: { kind: 'operatorRealName' }, idNumber: { kind: 'operatorIdNumber' } } },
      },
    },
    extra: (s) => [
      {
        label: 'an applicant without a verified identity, giving none',
        token: s.unverified.token,
        body: (({ individual: _omitted, ...rest }) => rest)(individualBody(s.applicant2)),
        status: 403,
        code: 'IDENTITY_REQUIRED',
      },
      vf('kind enterprise with individual details', { body: { ...individualBody(s.applicant2), kind: 'enterprise' } }),
      { label: "someone else's name with the applicant's number", body: { ...individualBody(s.applicant2), individual: { realName: '王小明', idNumber: s.applicant2.idNumber } }, status: 403, code: 'IDENTITY_MISMATCH' },
      { label: "another user's verified identity", body: individualBody(s.stranger), status: 403, code: 'IDENTITY_MISMATCH' },
      { label: 'an applicant without a verified identity', token: s.unverified.token, body: individualBody(s.applicant2), status: 403, code: 'IDENTITY_REQUIRED' },
    ],
    validAnswer: { status: 201, check: (res) => expect(res.body.operator).toMatchObject({ status: 'pending', kind: 'individual' }) },
  },
  {
    method: 'GET',
    path: '/operators/{id}',
    auth: 'none',
    id: (s) => s.op,
    params: true,
    extra: (s) => [
      { label: 'a pending operator', id: s.pending, status: 404, code: 'NOT_FOUND' },
      { label: 'a rejected operator', id: s.rejected, status: 404, code: 'NOT_FOUND' },
      { label: 'a product id', id: s.product.id, status: 404, code: 'NOT_FOUND' },
    ],
    validAnswer: { status: 200 },
  },
  {
    method: 'GET',
    path: '/operators/{id}/manage',
    auth: 'user',
    id: (s) => s.op,
    params: true,
    extra: (s) => [
      { label: "another owner's operator", id: s.op2, status: 404, code: 'NOT_FOUND' },
      { label: 'as another user', token: s.stranger.token, status: 404, code: 'NOT_FOUND' },
    ],
    validAnswer: { status: 200 },
  },
  {
    method: 'POST',
    path: '/operators/{id}/closure',
    auth: 'user',
    as: (s) => s.closer,
    id: (s) => s.closerOp,
    params: true,
    body: { valid: (s) => ({ effectiveAt: new Date(s.now.getTime() + 31 * DAY).toISOString() }), fields: { effectiveAt: { kind: 'dateTime' } } },
    extra: (s) => {
      const at = (ms: number) => ({ effectiveAt: new Date(s.now.getTime() + ms).toISOString() });
      const tooSoon = (label: string, body: unknown): Case => ({ label, body, status: 400, code: 'CLOSURE_TOO_SOON' });
      return [
        tooSoon('effectiveAt in 29 days', at(29 * DAY)),
        tooSoon('effectiveAt a minute short of 30 days', at(30 * DAY - 60_000)),
        tooSoon('effectiveAt now', at(0)),
        tooSoon('effectiveAt yesterday', at(-DAY)),
        tooSoon('effectiveAt in 1970', { effectiveAt: '1970-01-01T00:00:00Z' }),
        tooSoon('effectiveAt in 29 days written in +08:00', { effectiveAt: new Date(s.now.getTime() + 29 * DAY).toISOString().replace('Z', '+00:00') }),
        { label: "another owner's operator", id: s.op, status: 404, code: 'NOT_FOUND' },
        { label: 'as another user', token: s.stranger.token, status: 404, code: 'NOT_FOUND' },
        { label: 'a pending operator, by its owner', token: s.pendingOwner.token, id: s.pending, status: 403, code: 'OPERATOR_NOT_APPROVED' },
      ];
    },
    validAnswer: {
      status: 200,
      check: (res, s) => expect(new Date(res.body.operator.closure.effectiveAt).getTime()).toBe(s.now.getTime() + 31 * DAY),
    },
  },
  {
    method: 'POST',
    path: '/service-providers',
    auth: 'user',
    as: (s) => s.applicant,
    body: {
      valid: () => ({ companyName: '顺风快运有限公司', creditCode: freshCreditCode(), service: 'logistics', contact: contact(), address: address() }),
      fields: {
        companyName: { kind: 'line', min: 2, max: 100 },
        creditCode: { kind: 'creditCode' },
        service: { kind: 'enum', values: ['logistics', 'payment', 'marketing', 'other'] },
        contact: CONTACT,
        address: ADDRESS,
      },
    },
    extra: (s) => {
      const body = (creditCode: string) => ({ companyName: '顺风快运有限公司', creditCode, service: 'logistics', contact: contact(), address: address() });
      return [
        { label: 'an applicant without a verified identity', token: s.unverified.token, body: body(freshCreditCode()), status: 403, code: 'IDENTITY_REQUIRED' },
        { label: "a live provider's credit code", body: body(s.spToApproveCode), status: 409, code: 'CREDIT_CODE_TAKEN' },
        { label: "a live provider's credit code in lower case", body: body(s.spToApproveCode.toLowerCase()), status: 409, code: 'CREDIT_CODE_TAKEN' },
        { label: 'an applicant who already has a provider', token: s.pendingOwner.token, body: body(freshCreditCode()), status: 409, code: 'ALREADY_REGISTERED' },
      ];
    },
    validAnswer: { status: 201, check: (res) => expect(res.body.serviceProvider).toMatchObject({ status: 'pending', service: 'logistics' }) },
  },
  { method: 'GET', path: '/me/registrations', auth: 'user', validAnswer: { status: 200 } },
  { method: 'GET', path: '/admin/operators', auth: 'admin', query: REVIEW_QUERY, validAnswer: { status: 200 } },
  {
    method: 'POST',
    path: '/admin/operators/{id}/approve',
    auth: 'admin',
    id: (s) => s.toApprove,
    params: true,
    extra: (s) => [
      { label: 'an approved operator', id: s.op, status: 409, code: 'NOT_PENDING' },
      { label: 'a rejected operator', id: s.rejected, status: 409, code: 'NOT_PENDING' },
      { label: 'a service provider id', id: s.spToApprove, status: 404, code: 'NOT_FOUND' },
      vf('a body', { body: { reason: 'looks fine' } }),
    ],
    validAnswer: { status: 200, check: (res) => expect(res.body.operator.status).toBe('approved') },
  },
  {
    method: 'POST',
    path: '/admin/operators/{id}/reject',
    auth: 'admin',
    id: (s) => s.toReject,
    params: true,
    body: { valid: () => ({ reason: '营业执照照片不清晰' }), fields: { reason: { kind: 'line', min: 2, max: 500 } } },
    extra: (s) => [
      { label: 'an approved operator', id: s.op, status: 409, code: 'NOT_PENDING' },
      { label: 'a rejected operator', id: s.rejected, status: 409, code: 'NOT_PENDING' },
    ],
    validAnswer: { status: 200, check: (res) => expect(res.body.operator).toMatchObject({ status: 'rejected', rejectReason: '营业执照照片不清晰' }) },
  },
  {
    method: 'POST',
    path: '/admin/operators/{id}/reverify',
    auth: 'admin',
    id: (s) => s.op,
    params: true,
    extra: (s) => [
      { label: 'a pending operator', id: s.pending, status: 403, code: 'OPERATOR_NOT_APPROVED' },
      { label: 'a rejected operator', id: s.rejected, status: 403, code: 'OPERATOR_NOT_APPROVED' },
      vf('a body', { body: { verified: true } }),
    ],
    validAnswer: { status: 200 },
  },
  { method: 'GET', path: '/admin/service-providers', auth: 'admin', query: REVIEW_QUERY, validAnswer: { status: 200 } },
  {
    method: 'POST',
    path: '/admin/service-providers/{id}/approve',
    auth: 'admin',
    id: (s) => s.spToApprove,
    params: true,
    extra: (s) => [
      { label: 'an approved provider', id: s.spApproved, status: 409, code: 'NOT_PENDING' },
      { label: 'an operator id', id: s.pending, status: 404, code: 'NOT_FOUND' },
      vf('a body', { body: { reason: 'looks fine' } }),
    ],
    validAnswer: { status: 200, check: (res) => expect(res.body.serviceProvider.status).toBe('approved') },
  },
  {
    method: 'POST',
    path: '/admin/service-providers/{id}/reject',
    auth: 'admin',
    id: (s) => s.spToReject,
    params: true,
    body: { valid: () => ({ reason: '经营范围不符' }), fields: { reason: { kind: 'line', min: 2, max: 500 } } },
    extra: (s) => [{ label: 'an approved provider', id: s.spApproved, status: 409, code: 'NOT_PENDING' }],
    validAnswer: { status: 200, check: (res) => expect(res.body.serviceProvider).toMatchObject({ status: 'rejected', rejectReason: '经营范围不符' }) },
  },
  { method: 'GET', path: '/regulator/operators.csv', auth: 'regulator', validAnswer: { status: 200 } },
  { method: 'GET', path: '/categories', auth: 'none', validAnswer: { status: 200 } },
  {
    method: 'POST',
    path: '/operators/{id}/products',
    auth: 'user',
    id: (s) => s.op,
    params: true,
    body: {
      valid: (s) => productBody(s.images),
      fields: {
        title: { kind: 'line', min: 2, max: 60 },
        description: { kind: 'paragraphs', max: 5000 },
        category: { kind: 'category', optional: true },
        images: { kind: 'urls', min: 1, max: 9 },
        skus: { kind: 'objects', min: 1, max: 50, fields: SKU_FIELDS },
        addOns: { kind: 'objects', optional: true, max: 10, fields: ADD_ON_FIELDS },
      },
    },
    extra: (s) => [
      ...skuRuleCases(s),
      ...imageCases(s, false),
      { label: "another owner's operator", id: s.op2, status: 404, code: 'NOT_FOUND' },
      { label: 'as another user', token: s.stranger.token, status: 404, code: 'NOT_FOUND' },
      { label: 'a pending operator, by its owner', token: s.pendingOwner.token, id: s.pending, status: 403, code: 'OPERATOR_NOT_APPROVED' },
    ],
    validAnswer: {
      status: 201,
      check: (res) => {
        expect(res.body.product).toMatchObject({ category: 'home', available: true });
        expect(res.body.product.skus.map((x: { maxHelpers: number | null }) => x.maxHelpers)).toEqual([10, null]);
      },
    },
  },
  {
    method: 'PATCH',
    path: '/products/{id}',
    auth: 'user',
    id: (s) => s.product.id,
    params: true,
    body: {
      valid: (s) => {
        const [sku0, sku1] = validSkus();
        return {
          title: '手工陶瓷杯（新版）',
          description: '新的描述',
          category: 'home',
          images: [s.images[2]],
          skus: [
            { id: s.product.skuIds[0], ...sku0 },
            { id: s.product.skuIds[1], ...sku1 },
          ],
          addOns: [{ id: s.product.addOnIds[0], title: '礼盒包装', price: 1200 }],
        };
      },
      fields: {
        title: { kind: 'line', optional: true, min: 2, max: 60 },
        description: { kind: 'paragraphs', optional: true, max: 5000 },
        category: { kind: 'category', optional: true },
        images: { kind: 'urls', optional: true, min: 1, max: 9 },
        skus: { kind: 'objects', optional: true, min: 1, max: 50, fields: { id: ITEM_ID, ...SKU_FIELDS } },
        addOns: { kind: 'objects', optional: true, max: 10, fields: { id: ITEM_ID, ...ADD_ON_FIELDS } },
      },
    },
    extra: (s) => [
      vf('PATCH with {}', { body: {} }),
      vf('an SKU id from another product', { body: { skus: [{ id: s.product2.skuIds[0], ...validSkus()[1] }] } }),
      vf('an SKU id from another product beside its own', { body: { skus: [{ id: s.product.skuIds[0], ...validSkus()[0] }, { id: s.product2.skuIds[0], ...validSkus()[1] }] } }),
      vf('an unknown SKU id', { body: { skus: [{ id: 'no-such-sku', ...validSkus()[1] }] } }),
      vf('an add-on id from another product', { body: { addOns: [{ id: s.product2.addOnIds[0], title: '配件', price: 100 }] } }),
      vf('an SKU id used as an add-on id', { body: { addOns: [{ id: s.product.skuIds[0], title: '配件', price: 100 }] } }),
      vf('SKU rules broken: groupPrice ≥ price', { body: { skus: [{ id: s.product.skuIds[0], name: '青色', price: 100, stock: 1, groupPrice: 100, groupSize: 2 }] } }),
      vf('SKU rules broken: duplicate names', { body: { skus: [{ id: s.product.skuIds[0], ...validSkus()[0] }, { ...validSkus()[0] }] } }),
      ...imageCases(s, true),
      { label: "another owner's product", id: s.product2.id, status: 404, code: 'NOT_FOUND' },
      { label: 'as another user', token: s.stranger.token, status: 404, code: 'NOT_FOUND' },
      { label: "as another user, with the other user's own images", token: s.other.token, body: { images: [s.otherImage] }, status: 404, code: 'NOT_FOUND' },
    ],
    validAnswer: { status: 200, check: (res) => expect(res.body.product).toMatchObject({ title: '手工陶瓷杯（新版）', images: [expect.any(String)] }) },
  },
  {
    method: 'GET',
    path: '/products/{id}',
    auth: 'none',
    id: (s) => s.product.id,
    params: true,
    extra: (s) => [
      { label: 'an operator id', id: s.op, status: 404, code: 'NOT_FOUND' },
      { label: 'an SKU id', id: s.product.skuIds[0], status: 404, code: 'NOT_FOUND' },
    ],
    validAnswer: { status: 200 },
  },
  {
    method: 'GET',
    path: '/products',
    auth: 'none',
    query: {
      valid: (s) => ({ q: '陶瓷', operatorId: s.op, category: 'home', limit: '5' }),
      fields: { q: { kind: 'q', optional: true }, operatorId: { kind: 'id', optional: true }, category: { kind: 'category', optional: true }, ...PAGE },
    },
    validAnswer: { status: 200, check: (res) => expect(res.body.items.length).toBeGreaterThanOrEqual(1) },
  },
  { method: 'GET', path: '/deposit-rule', auth: 'none', validAnswer: { status: 200 } },
  {
    method: 'GET',
    path: '/operators/{id}/deposit',
    auth: 'user',
    id: (s) => s.op,
    params: true,
    extra: (s) => [
      { label: "another owner's operator", id: s.op2, status: 404, code: 'NOT_FOUND' },
      { label: 'as another user', token: s.stranger.token, status: 404, code: 'NOT_FOUND' },
      { label: 'as the regulator', token: s.regulator.token, status: 404, code: 'NOT_FOUND' },
    ],
    validAnswer: { status: 200 },
  },
  { method: 'POST', path: '/uploads', auth: 'user', multipart: true },
];

const JSON_ROUTES = ROUTES.filter((r) => !r.multipart);

for (const kind of DATABASE_KINDS) {
  describe(`bad input to operators, catalog and uploads on ${kind}`, () => {
    let t: TestApp;
    let http: Client;
    let s: Setup;

    const tokenFor = (route: RouteSpec) =>
      (route.as?.(s) ?? (route.auth === 'admin' ? s.admin : route.auth === 'regulator' ? s.regulator : route.auth === 'user' ? s.owner : undefined))?.token;

    async function snapshot() {
      const me = await http.get('/me', { token: s.owner.token });
      expect(me.status).toBe(200);
      return { tables: await tableFingerprints(t), files: uploadedFiles(t), me: me.body };
    }
    const harness = routeHarness({ http: () => http, setup: () => s, valid: generatedRequest(() => s), tokenFor, snapshot });
    const { mismatches, batch } = harness;

    async function registered(user: GivenUser, body: Record<string, unknown>): Promise<string> {
      const res = await http.post('/operators', body, { token: user.token });
      expect(res.status, res.text).toBe(201);
      return res.body.operator.id as string;
    }
    async function approved(id: string): Promise<void> {
      const res = await http.post(`/admin/operators/${id}/approve`, undefined, { token: s.admin.token });
      expect(res.status, res.text).toBe(200);
    }
    async function provider(user: GivenUser, creditCode = freshCreditCode()): Promise<string> {
      const res = await http.post('/service-providers', { companyName: '某某服务有限公司', creditCode, service: 'payment', contact: contact(), address: address() }, { token: user.token });
      expect(res.status, res.text).toBe(201);
      return res.body.serviceProvider.id as string;
    }
    async function product(user: GivenUser, operatorId: string, images: string[]): Promise<Product> {
      const res = await http.post(`/operators/${operatorId}/products`, productBody(images), { token: user.token });
      expect(res.status, res.text).toBe(201);
      return {
        id: res.body.product.id,
        skuIds: res.body.product.skus.map((x: { id: string }) => x.id),
        addOnIds: res.body.product.addOns.map((x: { id: string }) => x.id),
      };
    }

    beforeAll(async () => {
      t = await startTestApp(kind);
      http = guarded(t.http);
      t.http = http;
      const users = await Promise.all(Array.from({ length: 11 }, () => given.user(t, { verify: 'identity' })));
      const [owner, other, applicant, applicant2, stranger, closer, pendingOwner, rejectedOwner, approveOwner, rejectOwner, regulator] = users as GivenUser[];
      const [unverified, admin] = await Promise.all([given.user(t, { verify: 'phone' }), given.admin(t)]);
      const grant = await http.post(`/admin/users/${regulator!.id}/roles`, { role: 'regulator', granted: true }, { token: admin.token });
      expect(grant.status, grant.text).toBe(200);
      s = { now: t.clock.now(), admin, regulator, owner, other, applicant, applicant2, stranger, unverified, closer, pendingOwner } as Setup;

      s.opCreditCode = freshCreditCode();
      s.op = await registered(owner!, enterpriseBody(s.opCreditCode));
      s.op2 = await registered(other!, enterpriseBody());
      s.closerOp = await registered(closer!, enterpriseBody());
      s.pending = await registered(pendingOwner!, enterpriseBody());
      s.rejected = await registered(rejectedOwner!, enterpriseBody());
      s.toApprove = await registered(approveOwner!, enterpriseBody());
      s.toReject = await registered(rejectOwner!, enterpriseBody());
      for (const id of [s.op, s.op2, s.closerOp]) await approved(id);
      const rejected = await http.post(`/admin/operators/${s.rejected}/reject`, { reason: '资料不全' }, { token: admin.token });
      expect(rejected.status).toBe(200);

      s.spToApproveCode = freshCreditCode();
      s.spToApprove = await provider(pendingOwner!, s.spToApproveCode);
      s.spToReject = await provider(rejectedOwner!);
      s.spApproved = await provider(closer!);
      expect((await http.post(`/admin/service-providers/${s.spApproved}/approve`, undefined, { token: admin.token })).status).toBe(200);

      s.images = [];
      for (let i = 0; i < 10; i++) s.images.push(await uploadImage(t, owner!.token, i, (['png', 'jpeg', 'webp'] as const)[i % 3]));
      s.otherImage = await uploadImage(t, other!.token, 99);
      s.product = await product(owner!, s.op, s.images);
      s.product2 = await product(other!, s.op2, [s.otherImage]);
    });
    afterAll(async () => {
      await t?.close();
    });

    itCoversExactly('OPERATOR_ROUTE_KEYS', OPERATOR_ROUTE_KEYS, ROUTES, harness);
    itMarksExactlyTheSessionRoutes(ROUTES, harness);
    itRefusesMalformedBodies('JSON body route', JSON_ROUTES.filter((r) => r.method !== 'GET' && r.variant !== 'individual'), harness);
    itRefusesEachRoutesBadInput(harness, JSON_ROUTES.filter(takesInput), { cases: casesFor, minCases: 10 });
    itRefusesInputWhereNoneIsTaken(JSON_ROUTES.filter((r) => !r.body), harness);

    it('without a session every authenticated route answers 401 UNAUTHENTICATED, whatever else is wrong', async () => {
      const problems: string[] = [];
      await batch(async () => {
        for (const route of ROUTES.filter((r) => r.auth !== 'none')) {
          for (const c of badCredentialCases(s.owner.token)) {
            if (route.multipart) {
              if (Object.keys(c.headers ?? {}).length > 0) continue; // postMultipart sends a Bearer token or nothing
              const res = await postMultipart(t, c.token ?? undefined, [{ field: 'file', value: await testImage('png'), filename: 'a.png', type: 'image/png' }]);
              if (res.status !== 401 || res.body?.code !== 'UNAUTHENTICATED') problems.push(`${routeLabel(route)} ${c.label}: ${res.status}`);
              continue;
            }
            problems.push(...(await mismatches(route, [c], undefined)));
          }
          if (route.multipart) continue;
          problems.push(...(await mismatches(route, withoutSession(casesFor(route, s)), undefined)));
        }
      });
      expect(problems).toEqual([]);
    });

    it('admin routes answer 403 FORBIDDEN to users and regulators, the register 403 to users and admins — whatever else is wrong', async () => {
      const problems: string[] = [];
      await batch(async () => {
        for (const route of JSON_ROUTES.filter((r) => r.auth === 'admin' || r.auth === 'regulator')) {
          const outsiders = route.auth === 'admin' ? [s.owner, s.regulator] : [s.owner, s.admin];
          for (const who of outsiders) {
            const cases: Case[] = [{ label: 'the valid request', status: 403, code: 'FORBIDDEN' }, ...casesFor(route, s).map((c) => ({ ...c, status: 403, code: 'FORBIDDEN' }))];
            problems.push(...(await mismatches(route, cases.map((c) => ({ ...c, label: `as ${who === s.owner ? 'a user' : who === s.admin ? 'an admin' : 'a regulator'}: ${c.label}`, token: who.token })), undefined)));
          }
        }
      });
      expect(problems).toEqual([]);
    });

    it("another user's shop and products are 404 to manage, whoever asks; an admin may read the deposit", async () => {
      const productBodyValid = productBody(s.images);
      const requests: [string, string, unknown][] = [
        ['GET', `/operators/${s.op}/manage`, undefined],
        ['GET', `/operators/${s.op}/deposit`, undefined],
        ['POST', `/operators/${s.op}/closure`, { effectiveAt: new Date(s.now.getTime() + 40 * DAY).toISOString() }],
        ['POST', `/operators/${s.op}/products`, productBodyValid],
        ['PATCH', `/products/${s.product.id}`, { title: '别人的商品' }],
        ['GET', `/operators/${s.pending}/manage`, undefined],
        ['GET', `/operators/${s.pending}/deposit`, undefined],
      ];
      const problems: string[] = [];
      await batch(async () => {
        for (const who of [s.other, s.stranger, s.applicant, s.regulator]) {
          for (const [method, path, body] of requests) {
            const res = await http.request(method, path, body, { token: who.token });
            try {
              expectProblem(res, { label: `${method} ${path}`, status: 404, code: 'NOT_FOUND' });
            } catch {
              problems.push(`${method} ${path} as ${who.id}: ${res.status} ${res.body?.code}`);
            }
          }
        }
        // The answer for someone else's shop is the answer for no shop at all.
        const missing = await http.get('/operators/no-such-operator/manage', { token: s.stranger.token });
        const others = await http.get(`/operators/${s.op}/manage`, { token: s.stranger.token });
        expect(others.body).toEqual(missing.body);
      });
      expect(problems).toEqual([]);
      const asAdmin = await http.get(`/operators/${s.op}/deposit`, { token: s.admin.token });
      expect(asAdmin.status).toBe(200);
      expect(asAdmin.body).toMatchObject({ required: expect.any(Number), paid: expect.any(Number), balance: expect.any(Number) });
    });

    it('SQL and HTML fragments in product text are stored and returned as text; search terms are literal', async () => {
      const body = { ...productBody(s.images), title: `${SQL_OR} 杯`, description: `${HTML}\n${SQL_DROP}`, skus: [{ name: "红'); --", price: 100, stock: 1 }] };
      const created = await http.post(`/operators/${s.op2}/products`, { ...body, images: [s.otherImage] }, { token: s.other.token });
      expect(created.status, created.text).toBe(201);
      const read = await http.get(`/products/${created.body.product.id}`);
      expect(read.headers.get('content-type')).toMatch(/^application\/json/);
      expect(read.body).toMatchObject({ title: body.title, description: body.description, skus: [{ name: body.skus[0]!.name }] });
      const bySql = await http.get(`/products?q=${encodeURIComponent("' OR")}`);
      expect(bySql.body.items.map((p: { id: string }) => p.id)).toEqual([created.body.product.id]);
      for (const q of ['%', '_', '\\', "'", '%25', 'x%'] as const) {
        const res = await http.get(`/products?q=${encodeURIComponent(q)}`);
        expect(res.status, q).toBe(200);
        expect(res.body.items.filter((p: { title: string }) => !p.title.includes(q) && !read.body.description.includes(q)), q).toEqual([]);
      }
      // Filters that match nothing are an empty page, not an error.
      for (const query of ['operatorId=no-such-operator', `operatorId=${encodeURIComponent(SQL_OR)}`, 'category=fresh', `q=${encodeURIComponent('不存在的商品名')}`]) {
        const res = await http.get(`/products?${query}`);
        expect([res.status, res.body.items], query).toEqual([200, []]);
      }
    });

    /* ------------------------------------------------------------------ uploads */

    it('POST /uploads: a real PNG, JPEG and WebP → 201; the format comes from the bytes, and metadata is stripped', async () => {
      for (const format of ['png', 'jpeg', 'webp'] as const) {
        const res = await postMultipart(t, s.stranger.token, [{ field: 'file', value: await testImage(format, 7), filename: `a.${format}`, type: `image/${format}` }]);
        expect(res.status, res.text).toBe(201);
        expect(res.body).toMatchObject({ url: expect.stringMatching(/^\/uploads\/[0-9a-f-]{36}\.(png|jpg|webp)$/), contentType: `image/${format}`, width: 32, height: 32 });
        const served = await fetch(`${t.url}${res.body.url}`);
        expect([served.status, served.headers.get('content-type')]).toEqual([200, `image/${format}`]);
      }
      // A PNG named .txt and sent as text/plain is still a PNG.
      const misnamed = await postMultipart(t, s.stranger.token, [{ field: 'file', value: await testImage('png', 8), filename: 'notes.txt', type: 'text/plain' }]);
      expect([misnamed.status, misnamed.body.contentType]).toEqual([201, 'image/png']);
      // EXIF (camera, owner, location) does not survive.
      const exif = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#3c3' } })
        .jpeg()
        .withExif({ IFD0: { Copyright: 'Agora test 13912345678', ImageDescription: 'home at 31.2304N 121.4737E' } })
        .toBuffer();
      expect((await sharp(exif).metadata()).exif).toBeDefined();
      const withExif = await postMultipart(t, s.stranger.token, [{ field: 'file', value: exif, filename: 'a.jpg', type: 'image/jpeg' }]);
      expect(withExif.status, withExif.text).toBe(201);
      const served = Buffer.from(await (await fetch(`${t.url}${withExif.body.url}`)).arrayBuffer());
      expect((await sharp(served).metadata()).exif).toBeUndefined();
      expect(served.toString('latin1')).not.toContain('13912345678');
    });

    it('POST /uploads: anything but one JPEG/PNG/WebP of at most 10 MB in the `file` field → 4xx problem+json, and nothing is stored', async () => {
      const png = await testImage('png', 3);
      const file = (value: Buffer | string, filename = 'photo.png', type = 'image/png', field = 'file') => ({ field, value, filename, type });
      const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c33' } }).gif().toBuffer();
      const tiff = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c33' } }).tiff().toBuffer();
      const cases: RequestCase[] = [
        ['a text file renamed .png', () => postMultipart(t, s.stranger.token, [file('hello, this is not an image\n')]), 415, 'UNSUPPORTED_MEDIA_TYPE'],
        ['an HTML file renamed .jpg', () => postMultipart(t, s.stranger.token, [file(`<html>${HTML}</html>`, 'x.jpg', 'image/jpeg')]), 415, 'UNSUPPORTED_MEDIA_TYPE'],
        ['an SVG with a script', () => postMultipart(t, s.stranger.token, [file(`<svg xmlns="http://www.w3.org/2000/svg">${HTML}</svg>`, 'x.svg', 'image/svg+xml')]), 415, 'UNSUPPORTED_MEDIA_TYPE'],
        ['a GIF', () => postMultipart(t, s.stranger.token, [file(gif, 'x.gif', 'image/gif')]), 415, 'UNSUPPORTED_MEDIA_TYPE'],
        ['a TIFF renamed .png', () => postMultipart(t, s.stranger.token, [file(tiff)]), 415, 'UNSUPPORTED_MEDIA_TYPE'],
        ['a truncated PNG', () => postMultipart(t, s.stranger.token, [file(png.subarray(0, 60))]), 415, 'UNSUPPORTED_MEDIA_TYPE'],
        ['a PNG signature and garbage', () => postMultipart(t, s.stranger.token, [file(Buffer.concat([png.subarray(0, 8), Buffer.alloc(500, 7)]))]), 415, 'UNSUPPORTED_MEDIA_TYPE'],
        ['an empty file', () => postMultipart(t, s.stranger.token, [file(Buffer.alloc(0))]), 415, 'UNSUPPORTED_MEDIA_TYPE'],
        ['a file over 10 MB', () => postMultipart(t, s.stranger.token, [file(Buffer.concat([png, Buffer.alloc(10 * 1024 * 1024)]))]), 413, 'PAYLOAD_TOO_LARGE'],
        ['the image in a field named image', () => postMultipart(t, s.stranger.token, [file(png, 'a.png', 'image/png', 'image')]), 400, VF],
        ['the image as a text field', () => postMultipart(t, s.stranger.token, [{ field: 'file', value: png.toString('base64') }]), 400, VF],
        ['a PNG claiming 400 megapixels', () => postMultipart(t, s.stranger.token, [file(pngClaiming(20_000, 20_000))]), 415, 'UNSUPPORTED_MEDIA_TYPE'],
        // (Two files, and a file followed by a text field: their own cases below.)
        ['two files in different fields', () => postMultipart(t, s.stranger.token, [file(png, 'a.png', 'image/png', 'other'), file(png)]), 400, VF],
        ['a text field and then a file', () => postMultipart(t, s.stranger.token, [{ field: 'caption', value: 'hello' }, file(png)]), 400, VF],
        ['an empty form', () => postMultipart(t, s.stranger.token, []), 400, VF],
        // A JSON body with fields is refused by the no-body guard, an empty one by the route itself.
        ['a JSON body', () => sendUpload(t, s.stranger.token, JSON.stringify({ file: png.toString('base64') }), 'application/json'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
        ['an empty JSON object', () => sendUpload(t, s.stranger.token, '{}', 'application/json'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
        ['the raw PNG bytes', () => sendUpload(t, s.stranger.token, png, 'image/png'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
        ['a multipart body that is not multipart', () => sendUpload(t, s.stranger.token, 'hello', 'multipart/form-data; boundary=x'), 400, VF],
        ['a query parameter', () => fetch(`${t.url}${PREFIX}/uploads?public=1`, { method: 'POST', headers: { authorization: `Bearer ${s.stranger.token}` }, body: formOf(png) }).then(asResponse), 400, VF],
      ];
      const problems: string[] = [];
      await batch(async () => {
        problems.push(...(await requestMismatches(cases)));
        // Listed before the check that nothing changed, which a wrong answer usually also breaks.
        expect(problems).toEqual([]);
      });
    });

    /* ------------------------------------------- edge cases found while writing this file */

    it('PATCH /products/:id listing the same SKU (or add-on) id twice → 400, nothing dropped', async () => {
      // src/modules/catalog/service.ts updateProduct(): ids are only checked to belong to the product; the same id
      // twice updates one row twice (the last wins), so a request naming two SKUs leaves the product with one.
      const sku = (name: string, price: number) => ({ id: s.product2.skuIds[0], name, price, stock: 1 });
      const problems: string[] = [];
      await batch(async () => {
        const skus = await http.request('PATCH', `/products/${s.product2.id}`, { skus: [sku('甲', 1000), sku('乙', 3000)] }, { token: s.other.token });
        if (skus.status !== 400 || skus.body.code !== VF) problems.push(`the same SKU id twice → ${skus.status} with ${skus.body.product?.skus?.length} SKU(s)`);
        const addOn = (title: string) => ({ id: s.product2.addOnIds[0], title, price: 100 });
        const addOns = await http.request('PATCH', `/products/${s.product2.id}`, { addOns: [addOn('甲'), addOn('乙')] }, { token: s.other.token });
        if (addOns.status !== 400 || addOns.body.code !== VF) problems.push(`the same add-on id twice → ${addOns.status} with ${addOns.body.product?.addOns?.length} add-on(s)`);
        expect(problems).toEqual([]);
      });
    });

    it('POST /operators/:id/closure with a leap second (effectiveAt …T23:59:60Z) → 400, not 500', async () => {
      // ajv-formats accepts 23:59:60Z as a date-time; src/modules/operators/routes.ts passes `new Date(effectiveAt)`
      // (an Invalid Date) to announceClosure, whose `effectiveAt.getTime() < …` is false for NaN, and the database
      // write throws RangeError "Invalid time value" → 500 INTERNAL.
      const year = s.now.getUTCFullYear() + 2;
      const res = await t.http.post(`/operators/${s.op}/closure`, { effectiveAt: `${year}-06-30T23:59:60Z` }, { token: s.owner.token });
      expect([res.status, res.body.code]).toEqual([400, VF]);
    });

    it('POST /uploads with two files, or a file followed by a text field → 400, nothing stored', async () => {
      // src/modules/media/routes.ts: `request.file()` returns the first part and the rest of the stream is never
      // read, so the `files: 1` / `parts: 1` limits never fire and the extra parts are silently dropped.
      const png = await testImage('png', 5);
      const file = (name: string) => ({ field: 'file', value: png, filename: name, type: 'image/png' });
      const problems: string[] = [];
      await batch(async () => {
        for (const [what, parts] of [
          ['two files', [file('a.png'), file('b.png')]],
          ['a file and a text field', [file('a.png'), { field: 'caption', value: 'hello' }]],
        ] as const) {
          const res = await postMultipart(t, s.stranger.token, [...parts]);
          if (res.status !== 400 || res.body.code !== VF) problems.push(`${what} → ${res.status}`);
        }
        expect(problems).toEqual([]);
      });
    });

    it('POST /uploads as multipart/form-data without a boundary → 4xx, not 500', async () => {
      // src/modules/media/routes.ts: request.isMultipart() is true, and request.file() throws busboy's plain
      // Error "Multipart: Boundary not found" (no statusCode), which src/http/problem.ts maps to 500 INTERNAL.
      const res = await sendUpload(t, s.stranger.token, '--x\r\n\r\n--x--', 'multipart/form-data');
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    });
  });
}


/** A PNG whose header claims width × height 1-bit pixels (a decompression bomb's header), with almost no data. */
function pngClaiming(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([1, 0, 0, 0, 0], 8); // 1-bit greyscale
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(4096))), chunk('IEND', Buffer.alloc(0))]);
}

function formOf(png: Buffer): FormData {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'a.png');
  return form;
}

async function asResponse(response: globalThis.Response): Promise<Response> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: response.status, body, headers: response.headers, text };
}

