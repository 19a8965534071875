"""The benchmarks (`make bench`, or `talkwatch bench` from a source tree): the pipeline's costs measured side by
side. Not an installed package: they read `../shared/data` next to the source tree and need the dev extra."""
