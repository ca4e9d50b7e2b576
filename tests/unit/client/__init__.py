"""Tests of pygen_runtime.client: HTTP layer, auth, resource APIs, PygenClient."""
