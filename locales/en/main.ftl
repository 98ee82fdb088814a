# Command menu
cmd-start = Start
cmd-help = What the bot can do
cmd-language = Language / Язык
cmd-cancel = Cancel the current action
cmd-invite = Invite a client: /invite Company name
cmd-companies = Client companies
cmd-managers = Account managers

# Getting started
start-stranger =
    Hello! This is the agency's assistant: clients fill briefs here, check project status, receive invoices and write to their manager.

    To begin you need an invite link from your account manager. If you have none, request access and a manager will attach you to your company.
btn-request-access = Request access
access-request-sent = Request sent. I will write here as soon as a manager has looked at it.
access-request-exists = Your request is already waiting for a manager. I will tell you as soon as they answer.
access-not-needed = You already have access. /help shows what you can do.
start-client = Hello, { $name }! You are connected to { $company }. { help-client }
start-manager = Hello, { $name }! You are an account manager. { help-manager }
start-head = Hello, { $name }! You are the agency head. { help-head }
invite-joined-welcome =
    Done: you are connected to { $company }.
    { $manager ->
        [none] A manager will be assigned shortly.
       *[other] Your account manager is { $manager }.
    }

    { help-client }
invite-unknown = This invite link was not found. Check that it was copied whole, or request access.
invite-used = This link has already been used: each link works once. Ask your manager for a new one or request access.
invite-expired = This link has expired. Ask your manager for a new one or request access.
invite-staff = You are agency staff, so you cannot join as a client. The link is still unused — send it to the client.

help-guest = You need an invite link from a manager or an access request: /start
help-client =
    What you can do:
    /status — where your projects stand
    /invoices — invoices and payment
    /brief — fill in a brief, /briefs — your briefs
    /proposals — commercial proposals
    /documents — contracts and acts
    Just write a message — it goes to your manager.
    /timezone — time zone, /language — language
help-manager =
    What you can do:
    /projects — projects and stages, /newproject — a new project
    /invoices — invoices, /invoice — issue one, /document — upload a document
    /briefs — briefs, /proposal — draft a proposal, /proposals — all proposals
    /invite Company name — invite a client, /companies — companies
    /history, /note, /canned — conversation, notes, canned replies
    /hours — working hours, /away — away and deputy
    /team — the team: specialists and their tasks, /calendar — due dates in a calendar
    /timezone, /language, /cancel
help-head =
    What you can do:
    /projects, /stats — projects and statistics by manager
    /invoices — invoices by manager
    /proposals — proposals; decide with the card's buttons, /threshold — approval threshold
    /managers — managers, /team — specialists, /companies — companies and their manager
    /templates — brief templates, /invite — invite a client
    /history, /note — conversation and notes, /inbox — the inbox: a group with a topic per company
    /timezone, /language, /cancel
cmd-timezone = Time zone
timezone-current = Your time zone: { $timezone }. Change it: <code>/timezone Europe/London</code>
timezone-set = Time zone: { $timezone }. Reminders and dates now follow it.
timezone-unknown = Unknown time zone. For example: <code>/timezone Asia/Yekaterinburg</code>
language-choose = Choose a language:
language-set = Language: English.
cancelled = Cancelled. Nothing saved before was lost.
nothing-to-cancel = There is nothing to cancel.
unknown-input = I did not understand that. /help shows what you can do.
text-expected = Text is needed here. Stickers, voice notes and photos do not fit this step.
update-not-saved = ⚠️ Your last message could not be saved: the bot's database is unavailable right now. Please send it again in a minute.
alert-database-trouble = 🚨 The bot's database is failing: client messages are not being saved right now (they were asked to send them again). Error: { $error }{"\u000A"}Check the disk and the database file; the bot's log has the details.
text-or-file-expected = Text or a file (document, photo) is needed here. Stickers do not fit this step.
button-refused = This button is not for you or no longer works.
error-generic = Something went wrong. Please try again.
error-not-allowed = You are not allowed to do that.
error-not-found = Not found — it may have been removed.
error-invalid-input = Could not read that. Please try again.

# Companies and invites
invite-usage =
    Write the company name after the command, for example:
    <code>/invite Acme Ltd</code>
invite-pick-company = Or pick a company to make a new link for it:
invite-created =
    Company: <b>{ $company }</b>
    Invite link for the client (single use, valid for { $days ->
        [one] { $days } day
       *[other] { $days } days
    }, until { $expires }):
    { $link }
btn-invite-again = Another link
company-name-empty = The company name cannot be empty.
company-name-too-long = The company name is longer than { $limit } characters — please shorten it.
companies-empty = No companies yet. Create the first one: <code>/invite Company name</code>
companies-header = Client companies:
btn-company-paperwork = 🧾 Requisites and contract
company-requisites-prompt =
    “{ $company }” requisites for invoices and acts: the full name, tax numbers, address — as the client gives them, several lines are fine. “-” clears them.
    Now: { $current ->
        [none] none
       *[other] { $current }
    }
company-contract-prompt = The contract invoices and acts rest on, e.g. <code>Contract No. 12 of 1 December 2026</code>. “-”: none.
company-paperwork-too-long = Too long: { $limit } characters at most.
company-card =
    <b>{ $company }</b>
    Manager: { $manager }
    { $clients ->
        [0] No client contacts in the bot yet
        [one] { $clients } contact in the bot
       *[other] { $clients } contacts in the bot
    }{ $requisites ->
        [none] {""}
       *[other] {"\u000A"}Requisites: { $requisites }
    }{ $contract ->
        [none] {""}
       *[other] {"\u000A"}Contract: { $contract }
    }
company-no-manager = not assigned
btn-company-invite = New invite link
btn-company-reassign = Change manager
reassign-choose = Who takes over { $company }?
reassign-done = { $company } now belongs to { $manager }.
company-assigned-to-you = { $company } is now yours. Its clients now write to you.
company-taken-from-you = { $company } was handed over to another manager: { $manager }.
client-new-manager = Your new account manager is { $manager }. Write any time you have a question.
manager-not-found = This person is not an account manager.

# Access requests
access-requested =
    Access request: { $name }{ $username ->
        [none] {""}
       *[other] {" "}(@{ $username })
    }, id <code>{ $person_id }</code>.
    Attach to a company or decline?
btn-access-accept = Attach
btn-access-decline = Decline
access-choose-company = Which company should { $name } join?
access-no-companies = There are no companies yet. Create one with <code>/invite Name</code>, then press “Attach” again.
access-accepted-card = { $name } joined { $company }. Decided by { $by }.
access-declined-card = { $name }'s request was declined. Decided by { $by }.
access-already-decided = Already decided by { $name }, { $at }.
access-welcome = Access granted: you are connected to { $company }. { help-client }
access-declined = Sorry, your access request was declined. If this is a mistake, contact your manager.
client-joined =
    A new contact joined { $company }: { $name }{ $username ->
        [none] {""}
       *[other] {" "}(@{ $username })
    }.

# Managers
managers-header = Account managers:
managers-empty = No account managers yet.
btn-manager-add = Add a manager
btn-manager-remove = Remove: { $name }
manager-remove-confirm = Remove { $name } from account managers? Their companies stay without a manager until you hand them over.
btn-confirm = Yes, remove
btn-cancel = Cancel
manager-removed-done =
    { $name } is no longer an account manager.{ $orphaned ->
        [0] {""}
        [one] {" "}{ $orphaned } company has no manager now — hand it over in /companies.
       *[other] {" "}{ $orphaned } companies have no manager now — hand them over in /companies.
    }
manager-add-prompt = Send the new manager's Telegram id (a number) or pick the person with the button below. /cancel to stop.
btn-pick-person = Pick a person
manager-add-bad-input = A numeric Telegram id (like 123456789) or a person picked with the button is needed. Try again or /cancel.
manager-added-done = { $name } is now an account manager. Ask them to open the bot and press /start.
managers-is-head = This person is a head; that role comes from the settings (HEAD_IDS).
manager-welcome = You were added as an account manager. { help-manager }
manager-removed = Your account manager access was removed.

# Delivery alerts
group-not-supported = I only work in private messages, so that projects, invoices and messages to your manager stay private. Write to me directly: @{ $bot }
alert-unreachable = { $name } blocked the bot — messages are not delivered. Reach the client another way; when they unblock the bot, delivery resumes and you will be told.
alert-reachable-again = { $name } is back in the bot — messages are delivered again.
alert-delivery-failed = Could not deliver a message to { $name }: { $error }

# Briefs
cmd-brief = Fill in a brief
cmd-briefs = Briefs
cmd-templates = Brief templates
brief-no-templates = No briefs are available right now. Please write to your manager.
brief-choose-template = Which brief shall we fill in?
brief-draft-exists = You have an unfinished brief “{ $template }”: { $answered } of { $total } questions answered. Continue?
btn-brief-continue = Continue
btn-brief-restart = Start over
brief-intro = <b>{ $template }</b>
    { $description }

    Questions: { $total }. Answers are saved at once — you can stop and come back with /brief.
form-progress = Question { $number } of { $total } · { $template }
form-current-answer = Current answer: { $answer }
form-files-so-far = { $count ->
        [one] { $count } file received. Send more or press “Done”.
       *[other] { $count } files received. Send more or press “Done”.
    }
form-optional = This question is optional — you can skip it.
form-yes = Yes
form-no = No
form-files = { $count ->
        [one] { $count } file
       *[other] { $count } files
    }: { $names }
btn-form-done = Done
btn-form-back = ← Back
btn-form-skip = Skip
btn-form-to-summary = To the summary
btn-form-save-exit = Save and exit
btn-form-edit = ✎ { $title }
btn-brief-submit = ✅ Submit the brief
brief-summary = <b>Check the brief “{ $template }”</b>
    All correct? Any answer can be changed with the buttons below.
brief-saved = The brief is saved. Send /brief to continue.
brief-submitted = Brief #{ $brief_id } is sent. { $manager ->
        [none] A manager will be assigned and will contact you.
       *[other] Your manager { $manager } will study it and write here if there are questions.
    } Brief status: /briefs.
form-invalid = The answer does not fit the question. Please try again.
form-too-long = The answer is too long: { $length } characters, up to { $limit } allowed. Please shorten it — the rest can go in a file.
form-too-short = The answer is too short.
form-number-range = A number is needed{ $low ->
        [none] {""}
       *[other] {" "}from { $low }
    }{ $high ->
        [none] {""}
       *[other] {" "}to { $high }
    }.
form-date-not-future = The date must be in the future.
form-choose-from-buttons = Choose an option with the buttons under the question.
form-pick-something = Tick at least one option, then press “Done”.
form-file-needed = At least one file is needed here.
form-file-expected = A file is expected here: send a document or a photo, or use the buttons under the question.
form-text-expected = A text answer is needed here. Stickers, voice notes and videos do not fit this step.
form-too-many-files = No more than { $limit } files can be attached.
form-file-saved = File “{ $name }” saved.
form-required = This question needs an answer.
form-not-current = That question is no longer current — here is where you stopped.
brief-already-submitted = This brief has already been sent.
brief-not-found = Brief not found.
brief-template-unavailable = This brief template is not available now.
form-closed = This draft has been sent, deleted, or is not yours.
form-use-summary-buttons = All answers are in — check them and press the send button under the summary.
form-too-many-stages = There can be no more than { $limit } stages.
form-stages-needed = At least one stage is needed.
form-stage-format = Could not read the stage “{ $line }”. One a line: “Title — 10 days”, “Title — 2 weeks” or “Title — 2026-12-25”.
form-stages-so-far = Stages:
btn-form-clear = Start the list over
parse-number = A number is needed, like 1500 or 2.5.
parse-money = Could not read the amount. Examples: 1,500,000, 1.5 mln, 300k, $2500.
parse-money-range = The amount must be above zero and below a trillion.
unit-service = svc
unit-piece = pcs
unit-hour = h
unit-month = mo
parse-line = I did not understand the line “{ $line }”. One service a line: <code>Home page design — 2 × 50,000 ₽ svc</code> or <code>SEO audit — 45,000</code>. Units: pcs, svc, h, month.
parse-line-title = A line's title is 1 to { $limit } characters.
parse-line-quantity = The quantity must be above zero, e.g. 2 or 1.5.
parse-lines-too-many = No more than { $limit } lines on one invoice.
parse-lines-currency = All lines of an invoice are in one currency.
tax-rate-unknown = VAT rate: “none” or one of { $rates }.
parse-date = Could not read the date. Examples: 25.12.2026, 25.12 or 2026-12-25.
parse-date-impossible = There is no such date — check the day and the month.
parse-link = A link is needed (like vk.com/brand) or an @account name.
brief-nudge = You started the brief “{ $template }” — { $left ->
        [one] { $left } question is
       *[other] { $left } questions are
    } left. Shall we continue? Your answers are saved.

# Briefs for managers
brief-alert =
    📋 <b>New brief #{ $brief_id }</b>
    Company: { $company }
    Template: { $template }
    Filled in by: { $client }

    { $key_answers }

    The full brief is in the file below.
brief-document-caption = Brief #{ $brief_id } — { $company }
brief-file-caption = Attachment to brief #{ $brief_id }
brief-document-title = Brief #{ $brief_id } — { $company }
brief-document-meta = { $template } · { $client } · sent { $submitted }
btn-brief-take = Take into work
btn-brief-ask = Ask the client
btn-brief-proposal = Draft a proposal
btn-brief-open = Open the brief
btn-brief-document = Brief file
brief-taken-note = ✅ In work: { $manager }
brief-taken-already = The brief is already in work: { $manager }.
brief-taken-client = Manager { $manager } took your brief #{ $brief_id } into work.
brief-proposal-later = Drafting a proposal from a brief arrives in the next update of the bot. The brief stays in work and is listed in /briefs.
brief-ask-prompt = Write your question to the client about brief #{ $brief_id }. /cancel to stop.
brief-ask-sent = The question is sent to the client. The answer will come here.
brief-question-for-client = ❓ A question from your manager { $manager } about brief #{ $brief_id }:

    { $question }
btn-brief-reply = Reply
brief-reply-prompt = Write your answer to:
    <i>{ $question }</i>
    /cancel to stop.
brief-reply-sent = The answer is sent to your manager.
brief-answer-for-manager =
    💬 { $client } answered about brief #{ $brief_id }
    Question: { $question }

    { $answer }
briefs-empty = No briefs yet.
briefs-staff-header = Briefs: new first, then in work.
briefs-client-header = Your briefs:
brief-list-item = #{ $brief_id } · { $template } · { $status }
brief-list-item-company = #{ $brief_id } · { $company } · { $template } · { $status }
brief-status-draft = draft
brief-status-submitted = new
brief-status-in-work = in work
brief-card =
    <b>Brief #{ $brief_id }</b> — { $company }
    { $template } · { $client } · { $submitted }
    Status: { $status }{ $taken_by ->
        [none] {""}
       *[other] {" "}({ $taken_by })
    }
templates-header = Brief templates (press to turn on or off):
template-enabled = ✅ { $title }
template-disabled = ⛔ { $title }

# Commercial proposals
cmd-proposal = Draft a proposal
cmd-proposals = Commercial proposals
cmd-threshold = Proposal approval threshold
stage-days = { $days ->
        [one] { $days } day
       *[other] { $days } days
    }
proposal-choose-company = Which company is the proposal for?
proposal-drafts = Proposal drafts — continue:
btn-proposal-new = New proposal
proposal-draft-item = { $company }: { $title }
proposal-intro = <b>New proposal for { $company }</b>{ $brief ->
        [none] {""}
       *[other] {" "}for brief #{ $brief }
    }
    Questions: { $total }. Everything is saved at once; come back with /proposal.
proposal-summary = <b>Check the proposal for { $company }</b>{ $version ->
        [1] {""}
       *[other] {" "}(version { $version })
    }
btn-proposal-submit = 📨 Submit to the head for approval
btn-proposal-send = ✅ Send to the client (below the approval threshold)
btn-proposal-delete = 🗑 Delete the draft
proposal-saved = The proposal is saved. Continue with /proposal.
proposal-deleted = The draft is deleted.
proposal-submitted = Proposal #{ $proposal_id } (version { $version }) is waiting for approval. The head's decision will come here.
proposal-sent-direct = Proposal #{ $proposal_id } went to the client without approval: the price is below the threshold.
proposal-card =
    📄 <b>Proposal #{ $proposal_id }</b> · version { $version }
    Client: { $company }{ $brief ->
        [none] {""}
       *[other] {" "}· brief #{ $brief }
    }
    Prepared by: { $author }

    <b>{ $title }</b>
    Price: { $price }
    Payment: { $payment }
    Timeline: { $timeline }
    Stages:
    { $stages }

    Scope:
    { $scope }

    History:
    { $history }{ $decision ->
        [none] {""}
       *[other] {"\u000A\u000A"}{ $decision }
    }
proposal-file-caption = File for proposal #{ $proposal_id }
btn-proposal-approve = ✅ Approve
btn-proposal-return = ↩️ Return with a comment
btn-proposal-reject = ⛔ Reject
proposal-event-submitted = submitted for approval
proposal-event-resubmitted = new version submitted
proposal-event-approved = approved
proposal-event-returned = returned for changes
proposal-event-rejected = rejected
proposal-event-sent = sent to the client
proposal-event-below_threshold = below the threshold, no approval needed
proposal-event-accepted = accepted by the client
proposal-event-declined = declined by the client
proposal-event-discussed = the client asked a question
proposal-history-line = { $at } · v{ $version } · { $action } — { $actor }{ $comment ->
        [none] {""}
       *[other] : “{ $comment }”
    }
proposal-decision-line = Decision: { $action } — { $actor }, { $at }
proposal-already-decided = Already decided: { $name } — { $decision ->
        [approved] approved
        [returned] returned
        [rejected] rejected
        [accepted] accepted
       *[other] declined
    }, { $at }.
proposal-approved-done = Approved and sent to the client.
proposal-comment-return = Write a comment for the manager: what to change in proposal #{ $proposal_id }. /cancel to stop.
proposal-comment-reject = Write why proposal #{ $proposal_id } is rejected. /cancel to stop.
proposal-returned-done = The proposal went back to the manager with your comment.
proposal-rejected-done = The proposal is rejected; the manager has the reason.
proposal-approved-author = ✅ Proposal #{ $proposal_id } is approved ({ $head }) and sent to the client.
proposal-returned-author = ↩️ Proposal #{ $proposal_id } was returned for changes ({ $head }):
    “{ $comment }”
    Change it and submit again — it becomes version { $version }+1.
btn-proposal-edit = Change the proposal
proposal-rejected-author = ⛔ Proposal #{ $proposal_id } was rejected ({ $head }):
    “{ $comment }”
    The brief is back in work.
proposal-approval-reminder = ⏰ Proposal #{ $proposal_id } has waited for a decision for { $hours ->
        [one] { $hours } hour
       *[other] { $hours } hours
    }: { $company }, { $price }.
proposal-no-heads = There is no head to approve (HEAD_IDS in the settings).
proposal-needs-approval = The price is not below the threshold — a head must approve.
proposal-no-contacts = The company has no contacts in the bot — invite the client: /invite.
proposal-not-found = Proposal not found.
proposal-not-editable = This proposal can no longer be changed.
proposal-not-pending = There is nothing to decide on this proposal.
proposal-cannot-delete = Only a draft that was never submitted can be deleted.
proposal-client-card =
    📄 <b>Commercial proposal: { $title }</b>
    from your manager { $author }

    Price: { $price }
    Payment: { $payment }
    Timeline: { $timeline }
    Stages:
    { $stages }

    What is included:
    { $scope }
btn-proposal-accept = ✅ Accept
btn-proposal-decline = Decline
btn-proposal-discuss = 💬 Discuss
proposal-accepted-client = Thank you! The proposal is accepted and the project “{ $title }” is created. Stages and deadlines will be in /status as work starts; your manager { $author } will contact you.
proposal-decline-reason = A pity. Please tell us why — it helps us. Or press “No reason”.
btn-proposal-no-reason = No reason
proposal-declined-client = Your answer went to the manager. Thank you for considering the proposal.
proposal-discuss-prompt = Write what you would like to discuss — your manager gets the message. /cancel to stop.
proposal-discuss-sent = The message went to your manager; the answer will come here.
proposal-accepted-staff = 🎉 { $client } accepted proposal #{ $proposal_id } ({ $company }). Project #{ $project_id } is created.
proposal-declined-staff = { $client } declined proposal #{ $proposal_id } ({ $company }).{ $reason ->
        [none] {""}
       *[other] {" "}Reason: “{ $reason }”
    }
proposal-client-reminder = A reminder about the proposal “{ $title }” — we are waiting for your decision. Questions? Press “Discuss”.
proposal-client-silent = { $company } has not answered proposal #{ $proposal_id } “{ $title }” — a reminder went out. A call may help.
proposals-empty = No proposals yet.
proposals-header = Commercial proposals:
proposal-list-item = #{ $proposal_id } · { $company } · { $title } · { $status }
proposal-status-draft = draft
proposal-status-pending = awaiting approval
proposal-status-returned = being changed
proposal-status-rejected = rejected
proposal-status-sent = with the client
proposal-status-accepted = accepted
proposal-status-declined = declined by the client
brief-status-proposal = proposal in preparation
brief-status-accepted = proposal accepted
threshold-current = Proposal approval threshold: { $threshold ->
        [none] none — every proposal goes to a head.
       *[other] { $threshold }. Cheaper proposals go from the manager straight to the client.
    }
    Change it: <code>/threshold 150000</code> (or <code>/threshold 0</code> to approve everything).
threshold-set = Done. { threshold-current }

# Projects
cmd-status = Project status
cmd-projects = My projects
cmd-newproject = New project
cmd-stats = Statistics
project-status-active = in progress
project-status-paused = paused
project-status-done = done
project-status-cancelled = cancelled
stage-mark-done = ✅
stage-mark-in_progress = ▶️
stage-mark-waiting_client = ⏳
stage-mark-planned = ○
status-empty = No active projects yet. As soon as your manager starts one, it shows up here.
status-header = Your projects:
status-item =
    <b>{ $title }</b> — { $status }
    { $bar } { $progress }%
    Now: { $stage }
    Next deadline: { $deadline }
    Updated: { $updated }
project-card-head =
    <b>{ $title }</b> · { $company } — { $status }
    { $bar } { $progress }%
    Manager: { $manager }
project-card-stages = Stages:
project-stage-line = { $mark } { $position }. { $title } — by { $deadline }{ $progress ->
        [none] {""}
       *[other] {" "}· { $progress }%
    }
project-stage-waiting = { "   " }waiting for you: “{ $what }” by { $until }
project-card-updates = Latest news:
project-update-line = — { $at }: { $text }
project-card-ratings = Ratings: { $ratings }
project-no-deadline = no deadline
btn-project-answer = Answer / send a file
btn-project-answer-stage = Answer: { $stage }
project-answer-prompt = Stage “{ $stage }” waits for “{ $what }”. Write your answer or send a file. /cancel to stop.
project-answer-sent = Thank you! Your manager has the answer.
project-not-waiting = This stage is no longer waiting for you.
project-client-answered = 📩 { $client } answered on stage “{ $stage }” of “{ $project }”:
    { $text ->
        [none] (a file)
       *[other] { $text }
    }
projects-empty = { $whose ->
        [none] No open projects. Start one with /newproject.
       *[other] “{ $whose }” has no open projects.
    }
projects-header = { $whose ->
        [none] Projects (overdue first, then by the nearest deadline):
       *[other] Projects — { $whose } (overdue first):
    }
projects-company-hint = Send /projects and the first letters of the company's name, e.g. /projects Acme
projects-choose-company = Several companies start with “{ $prefix }” — choose one:
projects-no-company = No company's name starts with “{ $prefix }”.
projects-choose-manager = Whose projects?
btn-page-back = ◀️ Back
btn-page-next = Next ▶️
btn-projects-by-manager = 👤 By manager
btn-projects-by-company = 🏢 By company
btn-projects-all = ✖️ All projects
project-list-item = { $overdue ->
        [yes] 🔴
       *[other] 🟢
    } { $title } · { $company } · { $progress }%
btn-project-update = 📝 News for the client
btn-project-pause = ⏸ Pause
btn-project-resume = ▶️ Resume
btn-project-close = 🏁 Finish the project
btn-project-cancel = ✖ Cancel the project
btn-stage = { $mark } { $title }
stage-menu = Stage “{ $title }”: { $status }, due { $deadline }, { $progress }%.
stage-status-planned = planned
stage-status-in_progress = in progress
stage-status-waiting_client = waiting for the client
stage-status-done = done
btn-stage-start = ▶️ Start
btn-stage-finish = ✅ Finish
btn-stage-progress = { $value }%
btn-stage-wait = ⏳ Waiting for the client
btn-stage-deadline = 📅 Move the deadline
stage-wait-what = What is needed from the client for “{ $title }”? (e.g. “approve the layouts”)
stage-wait-until = By what date? (e.g. 2026-12-10)
stage-deadline-new = New deadline for “{ $title }” (now { $deadline }):
stage-deadline-reason = Why does the deadline change? The client sees the explanation.
project-update-prompt = Write the news for the client or send a file with a caption. /cancel to stop.
project-saved = Done.
project-closed = The project is closed — no more changes.
project-not-found = Project not found.
project-progress-range = Progress is from 0 to 100%.
project-already-rated = You have already rated it — thank you!
newproject-company = Which company is the project for?
newproject-title = The project's title:
newproject-stages = Stages — one a line, with a duration or a date:
    <code>Audit — 10 days
    Creatives — 2 weeks
    Launch — 2027-03-01</code>
newproject-created = Project “{ $title }” is created: { $stages ->
        [one] { $stages } stage
       *[other] { $stages } stages
    }. Open it: /projects.
project-stage-started = ▶️ Project “{ $project }”: stage “{ $stage }” has started.
project-stage-finished = ✅ Project “{ $project }”: stage “{ $stage }” is done.
project-waiting-client = ⏳ Project “{ $project }”, stage “{ $stage }”: we need “{ $what }” from you by { $until }.
project-deadline-changed = 📅 Project “{ $project }”: the deadline of “{ $stage }” moved{ $old ->
        [none] {""}
       *[other] {" "}from { $old }
    } to { $new }.
    Reason: { $reason }
project-update-posted = 📝 News on “{ $project }” from { $manager }:{ $text ->
        [none] {""}
       *[other] {"\u000A\u000A"}{ $text }
    }
project-file-caption = A file for “{ $project }”
project-status-paused-news = ⏸ Project “{ $project }” is paused.
project-status-active-news = ▶️ Project “{ $project }” continues.
project-status-done-news = 🏁 Project “{ $project }” is done. Thank you!
project-status-cancelled-news = Project “{ $project }” is cancelled.
project-rate-stage = How was stage “{ $stage }” of “{ $project }”? Rate it from 1 to 5.
project-rate-project = Project “{ $project }” is done. How was working with us? Rate it from 1 to 5.
btn-rate-1 = 1
btn-rate-2 = 2
btn-rate-3 = 3
btn-rate-4 = 4
btn-rate-5 = 5
rating-thanks = Thank you for the { $score }! Would you add a comment? Write it or press “No comment”.
btn-rating-no-comment = No comment
rating-comment-saved = Thank you, the comment is passed on.
project-low-rating = ⚠️ Low rating { $score }/5 from { $client }: “{ $project }” ({ $company }){ $stage ->
        [none] {""}
       *[other] , stage “{ $stage }”
    }.{ $comment ->
        [none] {""}
       *[other] {"\u000A"}Comment: “{ $comment }”
    }
stage-due-3d = 📅 In 3 days: the deadline of “{ $stage }” ({ $project }, { $company }) — { $deadline }.
stage-due-1d = 📅 Tomorrow: the deadline of “{ $stage }” ({ $project }, { $company }).
stage-due-today = ⏰ Today: the deadline of “{ $stage }” ({ $project }, { $company }).
stage-overdue = 🔴 Overdue: “{ $stage }” ({ $project }, { $company }) — due { $deadline }.
stage-overdue-head = 🔴 Escalation: { $manager } has an overdue stage “{ $stage }” ({ $project }, { $company }) — due { $deadline }.
stage-waiting-client = A reminder: for “{ $project }” (stage “{ $stage }”) we are waiting for “{ $what }” from you.
stage-waiting-manager = { $company } has not answered on “{ $stage }” ({ $project }) for 3 days. A reminder went out — a call may help.
digest-morning =
    ☀️ <b>Good morning!</b>{ $late_from ->
        [none] {""}
       *[other] {" "}The bot was unavailable at { $late_from }, so this morning's digest comes now.
    } Today:{ $due_today ->
        [none] {""}
       *[other] {"\u000A\u000A"}Due today:{"\u000A"}{ $due_today }
    }{ $overdue ->
        [none] {""}
       *[other] {"\u000A\u000A"}Overdue:{"\u000A"}{ $overdue }
    }{ $waiting ->
        [none] {""}
       *[other] {"\u000A\u000A"}Waiting for the client:{"\u000A"}{ $waiting }
    }{ $invoices ->
        [none] {""}
       *[other] {"\u000A\u000A"}Overdue invoices (total { $invoice_totals }):{"\u000A"}{ $invoices }
    }{ $tasks ->
        [none] {""}
       *[other] {"\u000A\u000A"}Team tasks due today and overdue:{"\u000A"}{ $tasks }
    }{ $messages ->
        [none] {""}
       *[other] {"\u000A\u000A"}Waiting for your answer:{"\u000A"}{ $messages }
    }
project-weekly = 🗓 <b>Your projects this week</b>

    { $summary }
btn-weekly-off = Stop the weekly summary
weekly-off = The weekly summary is off. Project status is always at /status.
weekly-on = The weekly summary is on again.
btn-weekly-on = Send the weekly summary
stats-empty = No projects yet: the statistics per manager start with the first project.
stats-header = <b>Statistics by manager</b>
stats-line = { $manager }: active projects — { $active }, ratings — { $count }{ $average ->
        [none] {""}
       *[other] , average { $average }
    }, low — { $low }
project-news-stage_started = Stage started:
project-news-stage_finished = Stage finished:
project-news-waiting_client = Waiting for the client, stage
project-news-deadline_changed = Deadline moved, stage
project-news-client_answer = The client answered, stage
project-news-project_paused = Project paused
project-news-project_active = Project resumed
project-news-project_done = Project done
project-news-project_cancelled = Project cancelled

# Invoices and documents
cmd-invoice = Issue an invoice
cmd-invoices = Invoices
cmd-documents = Documents
cmd-document = Upload a document for a client
invoice-choose-company = Which company is the invoice for?
invoice-choose-project = Which project is it for?
btn-invoice-no-project = No project
invoice-intro = <b>New invoice for { $company }</b>. The number is assigned when it is issued.
invoice-summary = <b>Check the invoice for { $company }</b>
btn-invoice-issue = 📤 Issue the invoice
btn-invoice-delete = 🗑 Delete the draft
invoice-saved = The invoice draft is saved. Continue with /invoice.
invoice-deleted = The draft is deleted.
invoice-issued-done = Invoice No. { $number } is issued and sent to the client.
invoice-issued =
    🧾 <b>Invoice No. { $number }</b> from { $agency }
    { $purpose }
    Amount: <b>{ $amount }</b>
    Due: { $due }
    The invoice file is below.
invoice-document-caption = Invoice No. { $number }
btn-invoice-paid = ✅ I've paid
btn-invoice-question = ❓ Question about this invoice
btn-invoice-later = ⏰ Remind me later
invoice-later-choose = When should we remind you?
btn-invoice-later-1d = Tomorrow
btn-invoice-later-3d = In 3 days
btn-invoice-later-monday = Next Monday
invoice-snoozed = Fine, we will remind you on { $until }.
invoice-reported-thanks = Thank you! Your manager will check the payment and confirm.
invoice-reported-paid = 💳 { $client } reports paying invoice No. { $number } ({ $company }, { $balance }).
btn-invoice-confirm = ✅ Confirm payment
btn-invoice-not-received = ✖ Not received
invoice-paid-client = Payment for invoice No. { $number } is received. Thank you!
invoice-partial-client = Part of invoice No. { $number } is paid. Balance: { $balance }.
invoice-payment-missing = We do not see the payment for invoice No. { $number } ({ $balance }) yet. It may still be on its way — if you have paid, please send the payment order with a question about this invoice.
invoice-cancelled = Invoice No. { $number } is cancelled — no need to pay it.
invoice-reminder-before = A reminder: invoice No. { $number } for { $balance } is due by { $due }.
invoice-reminder-today = Today is the last day to pay invoice No. { $number } for { $balance }.
invoice-reminder-overdue = Invoice No. { $number } for { $balance } is waiting for payment (it was due { $due }). Already paid? Press “I've paid”.
invoice-reminder-firm = Invoice No. { $number } for { $balance } has been unpaid for { $offset } days (it was due { $due }). Please pay it in the next few days or tell us when you plan to — we will help if something is in the way. Already paid? Press “I've paid”.
invoice-reminder-formal =
    Notice: payment of invoice No. { $number } has not been received. It was due { $due }; it is { $offset } days overdue; { $balance } is outstanding.
    Under the contract, payment is due by the date on the invoice. Please settle the balance within 3 working days or reply with the date of payment. If you have paid, press “I've paid” and send the payment order.
invoice-reminder-snoozed = As agreed, a reminder about invoice No. { $number } for { $balance } (due { $due }).
invoice-reminder = A reminder about invoice No. { $number } for { $balance } (due { $due }).
invoice-overdue-manager = 🔴 Invoice No. { $number } is overdue: { $company }, { $balance }, due { $due }.
invoice-overdue-head = 🔴 Escalation: invoice No. { $number } ({ $company }, manager { $manager }) is { $days ->
        [one] { $days } day
       *[other] { $days } days
    } overdue, { $balance }.
invoice-question-prompt = Write your question about the invoice — your manager gets it. /cancel to stop.
invoice-question-sent = The question went to your manager.
invoice-closed = This invoice is already closed.
invoice-not-found = Invoice not found.
invoice-no-contacts = The company has no contacts in the bot — invite the client: /invite.
invoice-wrong-currency = The invoice is in { $currency } — give the amount in that currency.
invoice-payment-too-big = The amount is more than the balance ({ $balance }).
invoices-empty = No invoices yet.
invoices-header = Invoices (open and overdue first):
invoice-list-item = { $mark } No. { $number } · { $company } · { $balance } of { $amount } · due { $due } · { $status }
invoice-status-issued = awaiting payment
invoice-status-reported_paid = the client reports payment
invoice-status-paid = paid
invoice-status-cancelled = cancelled
invoices-totals = Open: { $open }; overdue: { $overdue }.
invoices-filter = Filter by company:
btn-invoices-all = All companies
invoice-card =
    🧾 <b>Invoice No. { $number }</b> — { $status }
    { $company }{ $project ->
        [none] {""}
       *[other] {" "}· project “{ $project }”
    }
    { $purpose }
    Amount: { $amount }, paid: { $paid }, balance: <b>{ $balance }</b>
    Due: { $due }
    Reminders: { $reminders ->
        [on] on
       *[off] off
    }
btn-invoice-record = 💰 Record a payment
btn-invoice-remind-now = 🔔 Remind now
btn-invoice-reminders-off = 🔕 Turn reminders off
btn-invoice-reminders-on = 🔔 Turn reminders on
btn-invoice-cancel = ✖ Cancel the invoice
btn-invoice-file = 📎 Invoice file
invoice-record-prompt = How much arrived? Balance: { $balance }. /cancel to stop.
invoice-recorded = Recorded. { $status ->
        [paid] The invoice is paid in full.
       *[other] Balance: { $balance }.
    }
invoice-reminded = The reminder went to the client.
invoices-head-header = <b>Invoices by manager</b> (open / of which overdue):
invoices-head-line = { $manager }: { $outstanding } / { $overdue }
btn-company-invoice-reminders-off = 🔕 No payment reminders
btn-company-invoice-reminders-on = 🔔 Payment reminders on
company-invoice-reminders = Payment reminders for { $company }: { $enabled ->
        [on] on
       *[off] off
    }.
document-choose-company = Which company is the document for?
document-choose-project = Which project is the document for?
btn-document-whole-company = The whole company
document-prompt = Send the file (contract, act) with a caption — the caption becomes its title. /cancel to stop.
document-saved = Document “{ $title }” is saved and sent to the client.
document-added = 📄 A new document: { $title }
documents-empty = No documents yet.
documents-header = Your documents:
invoice-agency-default = the agency

# Conversation with the manager
cmd-history = Conversation history
cmd-note = A note about a client
cmd-canned = Canned replies
cmd-away = Away and deputy
cmd-back = I'm back
cmd-hours = Working hours
cmd-inbox = The inbox: a group with a topic per client
chat-client-message = 💬 <b>{ $client }</b> ({ $company }){ $topic ->
        [proposal] {" "}· about proposal #{ $ref }
        [invoice] {" "}· about invoice No. { $ref }
        [deliverable] {" "}· about “{ $ref }”
       *[other] {""}
    }{ $count ->
        [1] {""}
        [one] {" "}· { $count } new message
       *[other] {" "}· { $count } new messages
    }:{ $text ->
        [none] {""}
       *[other] {"\u000A"}{ $text }
    }
btn-chat-reply = ↩️ Reply
btn-chat-canned = 📋 Canned
chat-context = 📌 { $client } says it is about “{ $project }”{ $stage ->
        [none] {""}
       *[other] , stage “{ $stage }”
    }.
chat-receipt = Your message went to { $away ->
        [none] your manager { $manager }
       *[other] { $manager }, who stands in for { $away }
    }. { $open ->
        [yes] Expect an answer within { $hours ->
            [one] { $hours } working hour
           *[other] { $hours } working hours
        }.
       *[no] It is outside working hours now: we answer from { $opens } ({ $timezone }).
    }
chat-which-project = Which project is this about?
btn-chat-general = A general question
chat-context-saved = Thank you, your manager will see which project it is about.
chat-manager-reply = 💬 <b>{ $manager }</b>:{ $text ->
        [none] {""}
       *[other] {"\u000A"}{ $text }
    }
chat-reply-prompt = Write your answer to the client (a file with a caption is fine). /cancel to stop.
chat-reply-sent = The answer went to the client.
chat-canned-pick = Pick a canned reply:
chat-canned-empty = No canned replies yet. Add some: /canned
chat-canned-list = Your canned replies (press one to delete it):
btn-chat-canned-add = ➕ Add a canned reply
chat-canned-prompt = Send the text of the canned reply. /cancel to stop.
chat-canned-saved = The canned reply is saved.
chat-canned-deleted = The canned reply is deleted.
chat-sla-reminder = ⏰ { $client } ({ $company }) has waited for an answer for { $hours ->
        [one] { $hours } working hour
       *[other] { $hours } working hours
    }.
chat-sla-escalation = 🔴 Escalation: { $client } ({ $company }) unanswered for { $hours ->
        [one] { $hours } working hour
       *[other] { $hours } working hours
    }. Manager: { $manager }.
btn-chat-take-over = Answer myself
btn-chat-reassign = Hand over to another manager
chat-choose-company = Which company?
chat-history-header = <b>Conversation with { $company }</b> (latest messages):
chat-history-in = ← { $at } · { $author }: { $text }
chat-history-out = → { $at } · { $author }: { $text }
chat-history-empty = No messages yet.
chat-notes-header = <b>Notes (the client never sees them):</b>
chat-note-line = • { $at } · { $author }: { $text }
chat-note-prompt = Write a note about { $company } — the client will not see it. /cancel to stop.
chat-note-saved = The note is saved.
chat-away-until = Until what date are you away? (e.g. 2026-12-10)
chat-away-deputy = Who stands in for you?
chat-away-set = Done: until { $until } messages and alerts go to { $deputy }. Back earlier? /back.
chat-away-cleared = Welcome back! Messages come to you again.
chat-you-are-deputy = You stand in for { $manager } until { $until }: their clients and alerts now come to you.
chat-deputy-self = The deputy must be someone else.
chat-no-deputies = There is no other manager who could stand in for you.
chat-hours-format = Format: <code>/hours 09:00-18:00</code> or <code>/hours 10:00-19:00 Europe/Samara</code>.
chat-hours-current = Working hours: { $start }–{ $end } ({ $timezone }), Mon–Fri{ $holidays ->
        [none] {""}
       *[other] , except public holidays ({ $holidays })
    }. Change: <code>/hours 10:00-19:00 Europe/Moscow</code>
chat-hours-set = Working hours: { $start }–{ $end } ({ $timezone }), Mon–Fri{ $holidays ->
        [none] {""}
       *[other] , except public holidays ({ $holidays })
    }.

## The invoice document (an HTML page the accountant prints)
invoice-doc-title = Invoice No. { $number }
invoice-doc-heading = Invoice No. { $number } dated { $issued }
invoice-doc-supplier = Supplier
invoice-doc-customer = Customer
invoice-doc-purpose = Purpose
invoice-doc-amount = Amount
invoice-doc-due = Due

## Pictures: the project timeline
btn-project-timeline = 📊 Stage timeline
timeline-planned = planned
timeline-in-progress = in progress
timeline-waiting = waiting for the client
timeline-approval = waiting for sign-off
timeline-done = done
timeline-overdue = overdue
timeline-today = today
timeline-no-stages = The project has no stages yet.
timeline-subtitle = { $company } · { $start } — { $end } · { $progress }% done
timeline-moved = deadline moved from { $old } to { $new }: { $reason }
timeline-caption = 📊 { $project }: stages and deadlines as of today.
render-failed = Could not draw the file. Please try again in a minute — nothing you entered is lost.

## Printable documents (PDF)
doc-page = Page { $page } of { $pages }
doc-signature = signature, name
invoice-doc-basis = Basis
invoice-doc-line = Description
invoice-doc-quantity = Qty
invoice-doc-unit = Unit
invoice-doc-price = Price
invoice-doc-vat-included = Incl. { $tax } ({ $rate } %)
invoice-doc-vat = { $tax } ({ $rate } %)
invoice-doc-no-vat = No { $tax }
invoice-doc-grand-total = Total due
invoice-doc-count = { $count } item(s), total { $total }
invoice-bank-bank = Bank
invoice-bank-bic = BIC
invoice-bank-account = Account
invoice-bank-inn = INN
invoice-bank-kpp = KPP
invoice-bank-payee = Beneficiary
doc-signer-head = Director
doc-signer-accountant = Accountant
invoice-doc-project = Project
invoice-doc-number = No.
invoice-doc-total = Subtotal
invoice-doc-paid = Paid
invoice-doc-balance = Due
invoice-doc-status = Status
invoice-doc-qr = Pay by QR code: scan it in your bank's app — the payee, the details and the amount of { $balance } are filled in for you.
brief-doc-template = Template
brief-doc-client = Client
brief-doc-submitted = Submitted

## Pictures: the head's /stats chart
stats-chart-title = The team and the money
stats-chart-subtitle = as of { $today }
stats-chart-team = Load per account manager
stats-chart-open = open projects
stats-chart-overdue-stages = overdue stages
stats-chart-overdue-amount = overdue invoices
stats-chart-weeks = The last 12 weeks: issued and paid
stats-chart-issued = issued
stats-chart-paid = paid
stats-chart-caption = 📊 Account managers' load, what is overdue, and 12 weeks of money.
stats-chart-other = Also overdue: { $sums }.
stats-chart-no-manager = no manager

## Acts of completed work
btn-project-act = 🧾 Act of completed work
btn-act-all-finished = All finished stages
act-choose = An act for «{ $project }»: for which work?
act-amount-prompt = The act's amount? For example: 150 000 or 1 200 €. VAT as the agency's settings say; another after the sum: <code>150 000, VAT 10%</code> or <code>150 000 no VAT</code>. /cancel to stop.
act-filed = Act No. { $number } is ready: it is in «{ $company }»'s documents (/documents), and the client has it.
act-nothing-finished = No stage of this project is finished yet: an act lists work that is done.
act-stage-not-finished = This stage is not finished yet.
act-already-filed = This act is already in the documents.
act-doc-title = Act No. { $number } of { $day }
act-doc-contractor = Contractor
act-doc-customer = Customer
act-doc-project = Project
act-doc-work = Work
act-doc-finished = Finished
act-doc-approved = version v{ $version } approved by the customer on { $day }
act-doc-basis-invoice = Invoice No. { $number } dated { $day }
act-doc-grand-total = Total
act-doc-count = Services rendered: { $count }, total { $total }
act-doc-statement = The services listed were rendered in full and on time. The customer has no claims as to their scope, quality or timing.

## the staff inbox
inbox-heads-only = A head of the agency links the inbox group.
inbox-how-to-link =
    <b>The inbox in a group</b>: each client company gets its own topic, and staff answer right there.
    1. Create a supergroup and turn on "Topics".
    2. Add me with the button below — Telegram offers the admin rights at once (manage topics, pin and delete messages).
    3. Send /inbox in the group.
    A bot can post about 20 messages a minute into one group. With more than 20–30 active clients, use a group per account manager.
btn-inbox-add = Add the bot to a group
inbox-added = To make this group the agency's inbox, a head sends /inbox here. I need admin rights: manage topics, pin and delete messages.
inbox-missing = I cannot link this group: { $what }.
inbox-missing-supergroup = it must be a supergroup
inbox-missing-forum = turn on "Topics" in the group's settings
inbox-missing-admin = make the bot an admin
inbox-missing-manage-topics = no "Manage topics" right
inbox-missing-pin-messages = no "Pin messages" right
inbox-missing-delete-messages = no "Delete messages" right
inbox-scope-all = The group "{ $title }" is linked: every company's conversation is here, each in its own topic. To give it only some managers' companies, tick them below.
inbox-scope-managers = The group "{ $title }" is linked: { $all ->
        [yes] the companies of every manager without a group of their own, and
       *[other] {""}
    } the companies of: { $managers ->
        [none] —
       *[other] { $managers }
    }.
btn-inbox-for-all = The whole agency's group
inbox-linked = The group "{ $title }" is linked as the inbox ({ $by }). Clients' new messages go to their companies' topics.
inbox-lost-removed = The bot was removed from the group "{ $title }". Until it is back, clients' messages go to the managers' private chats — nothing is lost.
inbox-lost-rights = The bot lost its rights in the group "{ $title }" (manage topics, pin and delete messages). Until it has them, clients' messages go to the managers' private chats.
inbox-lost-not-forum = "Topics" are off in the group "{ $title }". Until they are on, clients' messages go to the managers' private chats.
inbox-busy = { $queued } messages wait for the group "{ $title }" — more than Telegram lets the bot send there in a minute (about 20). If this happens often, give some managers a group of their own (/inbox).
inbox-stranger = Someone who is not staff is in the group "{ $title }": { $name }{ $username ->
        [none] {""}
       *[other] {" "}(@{ $username })
    }. Nothing they write reaches a client. If they are staff, add them in the bot; if not, remove them from the group.
inbox-from-client = 👤 <b>{ $name }</b>{ $topic ->
        [proposal] {" "}· about proposal #{ $ref }
        [invoice] {" "}· about invoice { $ref }
        [deliverable] {" "}· about “{ $ref }”
       *[other] {""}
    }
inbox-from-private-reply = ↩️ <b>{ $name }</b> (answered from the private chat)
inbox-card-title = 📌 <b>{ $company }</b>
inbox-card-manager = Manager: { $manager ->
        [none] none assigned
       *[other] { $manager }
    }
inbox-card-contacts = Contacts: { $contacts ->
        [none] —
       *[other] { $contacts }
    }
inbox-card-projects = Active projects:
inbox-card-project = • { $project } — next deadline: { $deadline ->
        [none] not set
       *[other] { $deadline }
    }
inbox-card-no-projects = No active projects.
inbox-card-unpaid = Unpaid:
inbox-card-invoice = • invoice { $number }: { $balance }
btn-inbox-invoices = 💳 Invoices
btn-inbox-history = 🕘 History
btn-company-topic = 💬 Topic in the inbox
inbox-line-client-blocked = ⚠️ { $client } blocked the bot — the message was not delivered (it is kept).
inbox-line-refused = ⚠️ Telegram refused the message for { $client }: { $reason }. The message is kept.
inbox-line-too-big = ⚠️ The file is too big to send to { $client } (Telegram takes up to 50 MB). The message is kept.
inbox-line-no-contact = ⚠️ The company has no contacts in the bot — nobody to send to.
inbox-no-contact = This company has no contacts in the bot — nobody to send to. Invite the client: /invite.
inbox-note-usage = A note: /note text — or start a message with // (the client never sees it).
inbox-opened = Topic opened by { $name }.
inbox-who = { $name }{ $username ->
        [none] {""}
       *[other] {" "}(@{ $username })
    }
inbox-topic-opening = The company's topic appears in the inbox in a few seconds.
inbox-no-group = No inbox group is linked: the conversation is in the private chat. A head links a group with /inbox.
inbox-card-recent = The last messages (the rest: /history):
inbox-card-recent-in = ← { $author }: { $text }
inbox-card-recent-out = → { $author }: { $text }

## sign-off
btn-stage-sign-off = 📤 Send to the client for sign-off
signoff-collect =
    <b>For sign-off: “{ $stage }”</b>
    Send the files (an album is fine, up to 10), a link and a note — in as many messages as you like. When it is all there, press “Send to the client”.
signoff-collected = Added. Files: { $files }{ $link ->
        [none] {""}
       *[other] , link: { $link }
    }{ $note ->
        [yes] , with a note
       *[other] {""}
    }.
btn-signoff-send = Send to the client
btn-signoff-drop = Cancel
signoff-dropped = Cancelled; nothing was sent to the client.
signoff-posted = Version v{ $version } was sent to the client for sign-off.
signoff-empty = Add a file, a link or a note — there is nothing to send yet.
signoff-file-kind = This file cannot go for sign-off: send a document, a photo, a video or audio.
signoff-too-many-files = No more than { $limit } files at a time.
signoff-already-posted = This version was sent already (v{ $version }).
signoff-files-caption = 📎 “{ $stage }”, v{ $version } — { $project }
signoff-card =
    <b>For sign-off: “{ $stage }”, v{ $version }</b>
    Project: { $project }{ $note ->
        [none] {""}
       *[other] {"\u000A"}{ $note }
    }{ $link ->
        [none] {""}
       *[other] {"\u000A"}Link: { $link }
    }
    { $status ->
        [approved] ✅ Approved: { $decided_by }, { $decided_at }.
        [changes] ✏️ Changes requested: { $decided_by }, { $decided_at }.
        [superseded] Replaced by a newer version.
       *[other] Have a look and decide: approve, or ask for changes.
    }
signoff-staff-card =
    📤 <b>“{ $stage }”, v{ $version }</b> was sent to the client ({ $company }, { $project }).{ $beyond ->
        [yes] {"\u000A"}⚠️ A round of changes past those the price includes ({ $rounds } of { $included }) — it may be billed.
       *[other] {""}
    }
    { $status ->
        [approved] ✅ Approved: { $decided_by }, { $decided_at }.
        [changes] ✏️ Changes requested: { $decided_by }, { $decided_at }.
        [superseded] Replaced by a newer version.
       *[other] Waiting for the client's decision.
    }
signoff-approved = ✅ { $client } approved “{ $stage }”, v{ $version } ({ $company }, { $project }).
signoff-changes =
    ✏️ { $client } asks for changes: “{ $stage }”, v{ $version } ({ $company }).{ $comment ->
        [none] {""}
       *[other] {"\u000A"}{ $comment }
    }
    Round { $round } of { $included } included.{ $beyond ->
        [yes] {" "}⚠️ Past the rounds the price includes — it may be billed.
       *[other] {""}
    }
signoff-changes-files = Files with the changes: “{ $stage }”, v{ $version }
signoff-reminder = A reminder: “{ $stage }”, v{ $version } has waited for your decision for { $days } working days. Approve it, or tell us what to change.
signoff-silent = { $company } has not decided on “{ $stage }”, v{ $version } for { $days } working days. Get in touch with them.
signoff-escalation = ⚠️ { $company }: “{ $stage }”, v{ $version } without the client's decision for { $days } working days. Manager: { $manager }.
btn-signoff-approve = ✅ Approve
btn-signoff-changes = ✏️ Request changes
btn-signoff-question = ❓ Question
btn-signoff-changes-send = Send the changes
btn-signoff-finish-stage = Finish the stage
signoff-thanks = Thank you! Version v{ $version } is approved.
signoff-changes-prompt = Describe what to change in v{ $version } — files are welcome. Then press “Send the changes”.
signoff-changes-so-far = Noted (files: { $files }). Add more, or press “Send the changes”.
signoff-changes-sent = The changes to v{ $version } went to your manager.
signoff-question-prompt = Write your question — it goes to your manager.
signoff-question-sent = Your question went to your manager.
signoff-already-decided = v{ $version } is decided already: { $decision ->
        [approved] approved
        [changes] changes requested
       *[other] decided
    } ({ $name }, { $at }).
signoff-superseded = This is v{ $version }; there is a newer v{ $latest } — please decide on that one.
stage-awaiting-approval = waiting for your approval (v{ $version })
stage-awaiting-approval-staff = with the client for sign-off (v{ $version })
status-awaiting = ⏳ “{ $stage }” is waiting for your approval (v{ $version })
stats-signoff-header = <b>Sign-off</b> (the last 12 weeks, from posting to approval):
stats-signoff-cycle = { $manager }: median { $days } days, { $count } approvals
stats-signoff-rounds = Change rounds in open projects:
stats-signoff-round = • { $project } ({ $company }) — { $rounds }

## calendar feeds
calendar-name = AM Assistant — { $name }
calendar-stage = Stage “{ $stage }” due — { $context }
calendar-invoice = Invoice { $number } due ({ $amount }) — { $context }
calendar-sign-off = Approve “{ $stage }”, v{ $version } — { $context }
calendar-sign-off-staff = With the client for sign-off: “{ $stage }”, v{ $version } — { $context }
calendar-link =
    <b>Your calendar</b> — { $role ->
        [specialist] your tasks' due dates:
       *[other] stage deadlines, invoices and what waits for sign-off:
    }
    { $url }
    Add the link to Google Calendar ("From URL"), Apple Calendar ("New Calendar Subscription") or Outlook. Events update themselves when deadlines move.
    The link is personal: do not forward it. A new link (the old one stops working): /calendar reset.
calendar-reset = A new calendar link (the old one no longer works):
    { $url }
calendar-off = The calendar is not available: the bot's operator has not set PUBLIC_BASE_URL.
cmd-calendar = Deadlines calendar (.ics)

# The team: specialists and their tasks
cmd-team = Team: specialists
cmd-tasks = My tasks
start-specialist = Hello, { $name }! You are on the agency's team. { help-specialist }
help-specialist =
    What you can do:
    /tasks — your tasks: due date, what is asked, files; report progress and hand in results
    /calendar — your due dates in a calendar (.ics)
    /timezone — your time zone (reminders come at 09:00 in it), /language, /cancel
specialist-welcome = You were added to the agency's team{ $by ->
        [none] {""}
       *[other] {" "}(by { $by })
    } as “{ $skill }”. Your tasks will come here. { help-specialist }
specialist-removed = You are no longer on the agency's team: tasks no longer come here.
specialist-refused = This command is not available to you. Your tasks: /tasks, help: /help.
team-header = <b>Team</b> (open tasks · overdue · next due):
team-line = • { $name } — { $skill }: { $open } · { $overdue } · { $next ->
        [none] —
       *[other] { $next }
    }
team-empty = Nobody on the team yet. Add a designer, a copywriter or an SEO specialist — by Telegram ID, a contact or an invite link.
btn-team-add = Add by ID or contact
btn-team-invite = Invite link
btn-team-remove = Remove: { $name }
team-remove-confirm = Remove { $name } from the team? Open tasks: { $open } — they will be cancelled and their AMs told.
team-removed-done = Removed from the team. Tasks cancelled: { $tasks }.
team-skill-prompt = Their skill? Pick one or type your own (up to 40 characters):
team-skill-bad = A skill is 1 to { $limit } characters, e.g. “designer”.
team-person-prompt = Who joins as “{ $skill }”? Press the button to pick a contact, or send their Telegram ID as a number.
team-added-done = { $name } is on the team: { $skill }.
team-invite-link =
    A one-time team invite link (“{ $skill }”):
    { $link }
    Forward it to the specialist: opening it puts them on the team.
team-invite-joined = Done, { $name }: you are on the agency's team as “{ $skill }”. Your tasks will come here — /tasks.
team-invite-has-role = You already have a role in the bot, so a team link does not apply. The link is still unused.
team-is-staff = This is an agency AM or head — they cannot be made a specialist.
team-is-client = This is a client's contact — they cannot be made a specialist.
team-not-specialist = This person is not on the team (or was removed). Refresh the list: /team
btn-stage-assign = 👷 Give to a specialist
task-no-specialists = No specialists on the team yet. Add them: /team
task-choose-specialist = Who takes part of the stage “{ $stage }”?
task-specialist-item = { $name } — { $skill ->
        [none] no skill set
       *[other] { $skill }
    }
task-brief-prompt = A task on “{ $stage }” for { $name }. Describe what is asked and attach files (an album too, up to 10) — in as many messages as you like. Then press “Next”.
task-brief-collected = Noted: { $words } characters of text, { $files } file(s). Add more or press “Next”.
btn-task-next = Next: due date
task-brief-empty = Describe the task or attach a file first.
task-dropped = The task was not created.
task-due-prompt = Due on which day? E.g. 25.12 or 2026-12-25. The stage is due { $deadline }.
task-due-after-stage = That is after the stage's deadline ({ $deadline }). Keep it — press the button, or send another date.
btn-task-late-ok = Yes, after the stage's deadline
task-due-past = That day has passed. Give today or a later date.
task-created = Task given: { $name }, “{ $stage }”, due { $due }. The specialist has it now; reminders go 3 days and 1 day before and on the day.
task-card =
    📌 <b>{ $stage }</b> — { $project } ({ $company })
    Due: <b>{ $due }</b> · { $progress }% done{ $progress_note ->
        [none] {""}
       *[other] {" "}— { $progress_note }
    }
    { $brief }{ $files ->
        [0] {""}
       *[other] {"\u000A"}Files from the AM: { $files } (sent with the task).
    }{ $return_comment ->
        [none] {""}
       *[other] {"\u000A"}↩️ To rework: { $return_comment }
    }{ $status ->
        [handed_in] {"\u000A"}📤 Handed in, waiting for the AM.
        [accepted] {"\u000A"}✅ Accepted and sent to the client.
        [cancelled] {"\u000A"}Cancelled.
       *[other] {""}
    }
task-card-staff =
    📌 <b>{ $stage }</b> — { $project } ({ $company })
    Assignee: { $specialist }{ $skill ->
        [none] {""}
       *[other] {" "}({ $skill })
    } · due { $due } · { $progress }% done{ $progress_note ->
        [none] {""}
       *[other] {" "}— { $progress_note }
    }
    { $brief }{ $returns ->
        [0] {""}
       *[other] {"\u000A"}Returned for rework: { $returns } time(s).
    }{ $status ->
        [handed_in] {"\u000A"}📤 Handed in{ $late ->
            [yes] {" "}late
           *[other] {""}
        }, waiting for your decision.
        [accepted] {"\u000A"}✅ Sent to the client.
        [cancelled] {"\u000A"}Cancelled.
       *[other] {""}
    }
tasks-header = Your tasks ({ $count }):
tasks-empty = No open tasks. New ones come here as soon as an AM gives them.
task-list-item = { $status ->
        [handed_in] 📤
       *[other] 📌
    } { $due } · { $stage } — { $project }
btn-task-open = Open the task
btn-task-note = Progress with a note
btn-task-hand-in = Hand in the result
btn-task-submit = Send to the AM
btn-task-send = Send to the client
btn-task-return = Return for rework
btn-task-move = Move the due date
btn-task-cancel = Cancel the task
task-assigned =
    📌 <b>New task</b>: “{ $stage }” — { $project } ({ $company })
    Due: <b>{ $due }</b>
    { $brief }
task-files-caption = Files for the task “{ $stage }”
task-due = { $step ->
        [d3] ⏳ In 3 days:
        [d1] ⏳ Tomorrow:
       *[other] ⏰ Today:
    } task “{ $stage }” ({ $project }) is due { $due }. { $progress }% done.
task-overdue = 🔴 Task overdue: “{ $stage }” ({ $project }, { $company }): { $specialist }, was due { $due }, { $progress }% done.
task-escalation = 🔴 Escalation: the task “{ $stage }” ({ $project }, { $company }) of { $specialist } is { $days } working days overdue (due { $due }). AM: { $manager }.
task-progressed = 📈 { $specialist }: “{ $stage }” ({ $project }) — { $percent }% done{ $note ->
        [none] .
       *[other] : { $note }
    }
task-handed-in =
    📤 <b>{ $specialist } handed in</b>: “{ $stage }” — { $project } ({ $company }), attempt { $round }{ $late ->
        [yes] , late (was due { $due })
       *[other] {""}
    }.{ $result_note ->
        [none] {""}
       *[other] {"\u000A"}{ $result_note }
    }{ $result_link ->
        [none] {""}
       *[other] {"\u000A"}🔗 { $result_link }
    }
    Files: { $result_files }. Send it to the client for sign-off, or return it for rework?
task-result-files-caption = The result of “{ $stage }” ({ $specialist })
task-returned =
    ↩️ The AM returned “{ $stage }” ({ $project }) for rework:
    { $comment }
    Due: { $due }.
task-accepted = ✅ Your result for “{ $stage }” ({ $project }) was accepted and sent to the client for sign-off (v{ $version }). Thank you!
task-cancelled = The task “{ $stage }” ({ $project }) was cancelled. Assignee: { $specialist }.
task-note-prompt = How far along is “{ $stage }” (now { $progress }%)? Send a percent and a note, e.g. <code>60 home page done</code>
task-note-bad = Start with a percent from 0 to 100, then the note, e.g. <code>60 home page done</code>
task-progress-bad = Progress is 0 to 100%.
task-progress-saved = Saved: { $progress }% done. The AM will see it.
task-hand-in-prompt = The result of “{ $stage }”: send files (an album too, up to 10), a link and a note — in as many messages as you like. When it is all there — “Send to the AM”.
task-result-collected = Added. Files: { $files }{ $link ->
        [none] {""}
       *[other] , link: { $link }
    }{ $note ->
        [yes] , with a note
       *[other] {""}
    }.
task-result-empty = Send a file, a link or a note first.
task-handed-in-done = Sent to the AM (attempt { $round }). The answer will come here.
task-already-handed-in = The result is handed in and waiting for the AM.
task-closed = This task is closed.
task-not-handed-in = No result is waiting: the task was already sent to the client, returned or cancelled.
task-sent-done = Sent to the client for sign-off: “{ $stage }”, v{ $version }.
task-return-prompt = What needs rework? { $name } will get your comment.
task-return-comment = Write what to rework — without a comment the specialist cannot know what to fix.
task-returned-done = Returned to { $name } for rework (returns: { $round }).
task-move-prompt = The task's new due date (now { $due }; the stage is due { $deadline })? E.g. 25.12.
task-moved-done = “{ $stage }” ({ $name }) is now due { $due }. The specialist's reminders and calendar follow.
task-cancelled-done = Task cancelled; { $name } will be told.
project-card-tasks = <b>Who does what:</b>
project-card-task = • { $stage } — { $specialist }{ $skill ->
        [none] {""}
       *[other] {" "}({ $skill })
    }: { $state ->
        [overdue] 🔴 overdue, was due { $due }
        [handed_in] 📤 handed in, waiting
       *[other] due { $due }
    }, { $progress }%
stats-team-header = <b>Team</b> (open · overdue · handed in late, 12 weeks):
stats-team-line = • { $name } — { $skill ->
        [none] no skill set
       *[other] { $skill }
    }: { $open } · { $overdue } · { $late }
stats-team-empty = Nobody on the team yet.
calendar-task = Task due: “{ $stage }”{ $who ->
        [none] {""}
       *[other] {" "}({ $who })
    } — { $context }
btn-stage-task = 👷 { $name } · due { $due }{ $status ->
        [handed_in] {" "}📤
       *[other] {""}
    }

# Reconciliation
cmd-reconciliation = Reconciliation statement
recon-company = Reconciliation statement: which company?
recon-period-prompt = Reconciliation with “{ $company }”: which period? For example: <code>Q4 2026</code>, <code>2026</code>, <code>11.2026</code> or <code>01.10.2026 - 31.12.2026</code>.
parse-period = I did not understand the period. Examples: Q4 2026, 2026, 11.2026, 01.10.2026 - 31.12.2026.
reconciliation-period-bad = A period is one day to three years, its start not after its end.
recon-caption = Reconciliation with “{ $company }” for { $start } — { $end }. Forward it to the client's accountant; the signed copy comes back.
recon-title = Reconciliation statement for { $start } to { $end }
recon-from = For { $party }
recon-nothing = Nothing happened from { $start } to { $end }; nothing is owed.
recon-currency = In { $currency }
recon-day = Date
recon-document = Document
recon-debit = Debit
recon-credit = Credit
recon-opening = Opening balance
recon-turnover = Turnover for the period
recon-closing = Closing balance
recon-invoice = Invoice No. { $number }
recon-payment = Payment of invoice No. { $number }
recon-settled = According to { $agency }, nothing is owed as of { $end }.
recon-owes = According to { $agency }, as of { $end } the balance due to { $creditor } is { $amount } ({ $words }).
recon-agency-default = the contractor
