package org.counterpart.identity.web;

import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.UserAdministration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page; while the demonstration scenario is loaded it lists its accounts. */
@Controller
class LoginController {

    private final UserAdministration users;
    private final String demoPassword;

    LoginController(UserAdministration users, @Value("${counterpart.demo.password:}") String demoPassword) {
        this.users = users;
        this.demoPassword = demoPassword;
    }

    @GetMapping("/login")
    String login(Model model) {
        if (CurrentUser.get().isPresent()) {
            return "redirect:/";
        }
        model.addAttribute("demoAccounts", users.demoAccounts());
        model.addAttribute("demoPassword", demoPassword);
        return "login";
    }
}
