// Checks shared by every archetype IT project; each verify.groovy sets expectedPackage and
// expectedFunctionName. Maven fills in the toolchain version when it copies this file.
def toolchainVersion = '@project.version@'
def problems = []

def file = { String path -> new File(projectDir, path) }
def packagePath = expectedPackage.replace('.', '/')

// 1. Names from the properties flow into paths and files.
['pom.xml', 'README.md', '.gitignore',
 "src/main/java/${packagePath}/SayHi.java",
 "src/test/java/${packagePath}/SayHiTest.java",
 "target/classes/${packagePath}/SayHi.class"].each { path ->
  if (!file(path).isFile()) {
    problems << "missing ${path}"
  }
}
if (!file('mvnw').canExecute()) {
  problems << 'mvnw is missing or not executable'
}
if (!file('.mvn/wrapper/maven-wrapper.properties').isFile()) {
  problems << 'missing .mvn/wrapper/maven-wrapper.properties'
}
def pom = file('pom.xml').getText('UTF-8')
[
  "<baetyl.functionName>${expectedFunctionName}</baetyl.functionName>",
  "<baetyl.handler>${expectedPackage}.SayHi::handle</baetyl.handler>",
  "<artifactId>baetyl-maven-plugin</artifactId>\n        <version>${toolchainVersion}</version>",
  "<artifactId>baetyl-function-api</artifactId>\n      <version>${toolchainVersion}</version>\n      <scope>provided</scope>",
  "<artifactId>baetyl-function-test</artifactId>\n      <version>${toolchainVersion}</version>\n      <scope>test</scope>",
  '<project.build.outputTimestamp>',
  '<maven.compiler.release>17</maven.compiler.release>',
].each { text ->
  if (!pom.contains(text)) {
    problems << "pom.xml lacks ${text}"
  }
}
if (pom.contains('<executions>')) {
  problems << 'pom.xml binds a plugin execution; baetyl-maven-plugin must stay unbound'
}
def test = file("src/test/java/${packagePath}/SayHiTest.java").getText('UTF-8')
if (!test.contains("withFunctionName(\"${expectedFunctionName}\")")) {
  problems << "SayHiTest does not call the function ${expectedFunctionName}"
}

// 2. No template text survives in any generated file.
def placeholders = ['${', '__', '#set', '$package', '$symbol']
def unfilteredToken = ~/@[A-Za-z][\w.-]*@/
projectDir.eachFileRecurse(groovy.io.FileType.FILES) { f ->
  def relative = projectDir.toPath().relativize(f.toPath()).toString()
  // the Maven wrapper is copied verbatim (a shell script full of ${...}), never filtered
  if (relative.startsWith('target') || relative == 'build.log' || relative.startsWith('mvnw')
      || relative.startsWith('.mvn')) {
    return
  }
  f.readLines('UTF-8').eachWithIndex { line, index ->
    def found = placeholders.findAll { line.contains(it) }
    if (line =~ unfilteredToken) {
      found << 'an @token@'
    }
    if (found) {
      problems << "${relative}:${index + 1} still holds template text (${found.join(', ')}): ${line.trim()}"
    }
  }
}

// 3. The build compiled without a warning and ran the three handler tests.
def log = file('build.log').getText('UTF-8')
log.readLines().findAll { it.contains('[WARNING]') }.each { problems << "build warning: ${it.trim()}" }
if (!(log =~ /Tests run: 3, Failures: 0, Errors: 0, Skipped: 0/)) {
  problems << 'build.log does not show the 3 SayHiTest tests passing'
}
if (!log.contains('BUILD SUCCESS')) {
  problems << 'build.log does not show BUILD SUCCESS'
}

if (!problems.isEmpty()) {
  throw new AssertionError("generated project ${projectDir.name}:\n  " + problems.join('\n  '))
}
return true
