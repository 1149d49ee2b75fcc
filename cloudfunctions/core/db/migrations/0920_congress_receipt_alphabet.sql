-- 选票核验码 are issued from the readable alphabet (A–Z without I and O, 2–9: core/readable-code.ts), so a code
-- read off a phone is typed right. Codes published before keep verifying: the check takes both alphabets.
ALTER TABLE congress_receipts DROP CONSTRAINT congress_receipts_receipt_code_check;
ALTER TABLE congress_receipts ADD CONSTRAINT congress_receipts_receipt_code_check CHECK (receipt_code ~ '^[A-Z2-9]{10}$');
