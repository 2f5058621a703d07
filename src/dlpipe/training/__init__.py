"""Train stage: seeding, compile, callbacks, fit and evaluate (Keras)."""
