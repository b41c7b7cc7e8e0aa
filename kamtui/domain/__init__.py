"""Pure rules: functions of data and ``today``. No Textual, no writes."""
