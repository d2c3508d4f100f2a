"""Open Referral HSDS exchange: the tables Casework keeps (`spec`), reading every published
shape (`reading`, `nesting`), the validating import (`importer`) and the export (`exporter`)."""
