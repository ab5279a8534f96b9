#pragma once
// Placeholder: the HDF5 result-file wrapper is being written.
