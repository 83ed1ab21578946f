/**
 * What the shop and service-provider applications share: reading the contact and
 * address fields and checking them before sending (the server checks again).
 */
import { PHONE_PATTERN, type InputProblem } from '../../lib/validation';
import type { Address, Contact, Operator } from './api';

export const REGISTRATIONS_KEY = ['registrations'] as const;

/** The registration the shop console follows: the live one (pending or approved), else the latest rejected one. */
export function currentRegistration(operators: readonly Operator[]): Operator | undefined {
  return operators.find((operator) => operator.status !== 'rejected') ?? operators[0];
}

/** A form value, trimmed: the API refuses blanks at either end of typed text. */
export function text(form: FormData, name: string): string {
  return String(form.get(name) ?? '').trim();
}

/** Between `min` and `max` characters (code points, as the server counts). */
export function lengthBetween(value: string, min: number, max: number): boolean {
  const length = Array.from(value).length;
  return length >= min && length <= max;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type ContactField = 'contactPhone' | 'email' | 'region' | 'line';

export function readContact(form: FormData): { contact: Contact; address: Address; problems: Partial<Record<ContactField, InputProblem>> } {
  const phone = text(form, 'contactPhone');
  const email = text(form, 'email');
  const region = text(form, 'region');
  const line = text(form, 'line');
  const problems: Partial<Record<ContactField, InputProblem>> = {};
  if (!PHONE_PATTERN.test(phone)) problems.contactPhone = 'validation.contactPhone';
  if (email && (!EMAIL.test(email) || email.length > 100)) problems.email = 'validation.email';
  if (!lengthBetween(region, 2, 60)) problems.region = 'validation.region';
  if (!lengthBetween(line, 2, 200)) problems.line = 'validation.line';
  return { contact: email ? { phone, email } : { phone }, address: { region, line }, problems };
}
