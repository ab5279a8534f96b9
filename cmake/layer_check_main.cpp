// The entry point of the layer-check executables (cmake/LmsimLayers.cmake): they exist to be
// linked, not run.
int main() {
  return 0;
}
