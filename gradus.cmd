@echo off
rem The gradus command line on Windows: finds Java (JAVA_HOME, else java on PATH), adds the Vector API
rem module and runs the jar that "mvn -B -ntp -q package -DskipTests" builds. GRADUS_JAR and JAVA_OPTS as in ./gradus.
setlocal
set "HERE=%~dp0"
if "%GRADUS_JAR%"=="" set "GRADUS_JAR=%HERE%gradus-cli\target\gradus.jar"
set "JAVA=java"
if not "%JAVA_HOME%"=="" if exist "%JAVA_HOME%\bin\java.exe" set "JAVA=%JAVA_HOME%\bin\java.exe"
where "%JAVA%" >nul 2>nul || if not exist "%JAVA%" (
  echo gradus: JAVA_HOME: expected a JDK 17 or newer ^(or java on PATH^), got none 1>&2
  exit /b 1
)
if not exist "%GRADUS_JAR%" (
  echo gradus: expected the jar at %GRADUS_JAR%, got no file: build it with "mvn -B -ntp -q package -DskipTests" in %HERE% 1>&2
  exit /b 1
)
"%JAVA%" --add-modules jdk.incubator.vector %JAVA_OPTS% -jar "%GRADUS_JAR%" %*
exit /b %ERRORLEVEL%
