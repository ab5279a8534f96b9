// Placeholder: tests of sim/hdf5_file arrive with the wrapper.
