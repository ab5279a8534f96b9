#include "sim/hdf5_file.hpp"
