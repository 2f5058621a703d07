"""Track stage: MLflow store, one run per training, params/metrics/artifacts.

Import what you need from its modules (``dlpipe.track.recorder.tracked_run``,
``dlpipe.track.store.resolve_uri``, …): a logged model's loader
(:mod:`dlpipe.track.pyfunc`) lives here too and must import nothing else of dlpipe's
that its environment lacks (the config stage: Hydra, OmegaConf).
"""
