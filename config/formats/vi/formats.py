from config.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS

__all__ = ["DATETIME_INPUT_FORMATS", "DATE_INPUT_FORMATS", "NUMBER_GROUPING"]

# Vietnamese groups thousands with a dot ("12.000"); Django's own Vietnamese formats group none.
NUMBER_GROUPING = 3
