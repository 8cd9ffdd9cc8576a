// The floor for start-up measurements: a bare GLFW window with an OpenGL 3.3 context,
// cleared and shown twice, then closed. Whatever the kiosk takes beyond this is ours.
// Like the kiosk, it sends READY=1 to $NOTIFY_SOCKET once its first frame is shown, so
// the start-up benchmark times both to that moment.
#define GLFW_INCLUDE_NONE
#include <GL/gl.h>
#include <GLFW/glfw3.h>

#include "platform/service.hpp"

int main() {
    if (!glfwInit()) return 1;
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    GLFWwindow* w = glfwCreateWindow(1920, 1080, "floor", nullptr, nullptr);
    if (!w) return 1;
    glfwMakeContextCurrent(w);
    for (int i = 0; i < 2; ++i) {
        glClearColor(0.2f, 0.3f, 0.4f, 1);
        glClear(GL_COLOR_BUFFER_BIT);
        glfwSwapBuffers(w);
        if (i == 0) wk::service::notify("READY=1");
        glfwPollEvents();
    }
    glfwDestroyWindow(w);
    glfwTerminate();
    return 0;
}
