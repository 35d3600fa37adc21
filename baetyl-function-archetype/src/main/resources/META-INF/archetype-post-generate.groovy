// The archetype plugin does not keep file modes: make the generated Maven wrapper executable.
def mvnw = new File(request.outputDirectory, request.artifactId + '/mvnw')
if (mvnw.exists()) {
  mvnw.setExecutable(true, false)
}
