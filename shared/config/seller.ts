import { seller as sellerSchema } from '../model/billing.ts';
import type { Seller } from '../model/billing.ts';
import { runtime } from './runtime.ts';

let seller: Seller | undefined;

/** The vendor's invoicing details from the stage config (SELLER_DETAILS), checked once per cold start. */
export function sellerDetails(): Seller {
  seller ??= sellerSchema.parse(JSON.parse(runtime.sellerDetails));
  return seller;
}
