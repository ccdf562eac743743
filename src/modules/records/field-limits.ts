/** Limits shared by the modules' field inputs. */
export const PHONE = /^\+?[0-9][0-9 ()\-.]{2,29}$/;
export const PHONE_MESSAGE = "must be a phone number: digits, spaces, ( ) - . and an optional leading +";
export const MAX_AMOUNT = 1e15;
