"""Demo data for a first look (never in production): accounts for every role, cases at several
stages, stand-in scans."""
