"""Bodies' monthly submissions and the commune's reports (added with the reports issue)."""
