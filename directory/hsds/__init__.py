"""Open Referral HSDS exchange: the tables (`tables`), the two package forms, a zip of CSV
files and one JSON document (`packages`), the export and the validating import."""
