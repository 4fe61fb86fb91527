"""The recorded-error tests by subject, as mixins of test_recorded_errors.RecordedErrors."""
