"""dlpipe's Optuna sweeper for Hydra (``hydra/sweeper=optuna``), built on current Optuna."""
