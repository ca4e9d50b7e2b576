"""The CDF client used at generation time and by generated SDKs."""
