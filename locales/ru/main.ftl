# Команды в меню
cmd-start = Начало
cmd-help = Что умеет бот
cmd-language = Язык / Language
cmd-cancel = Отменить текущее действие
cmd-invite = Пригласить клиента: /invite Название компании
cmd-companies = Компании клиентов
cmd-managers = Аккаунт-менеджеры

# Знакомство
start-stranger =
    Здравствуйте! Это ассистент агентства: здесь клиенты заполняют брифы, узнают статус проектов, получают счета и пишут своему менеджеру.

    Чтобы начать, нужна ссылка-приглашение от вашего аккаунт-менеджера. Если ссылки нет, отправьте запрос — менеджер подключит вас к вашей компании.
btn-request-access = Запросить доступ
access-request-sent = Запрос отправлен. Как только менеджер его рассмотрит, я напишу вам здесь.
access-request-exists = Запрос уже отправлен и ждёт решения менеджера. Я сообщу, как только он ответит.
access-not-needed = У вас уже есть доступ. Команда /help покажет, что можно сделать.
start-client = Здравствуйте, { $name }! Вы подключены к компании «{ $company }». { help-client }
start-manager = Здравствуйте, { $name }! Вы аккаунт-менеджер. { help-manager }
start-head = Здравствуйте, { $name }! Вы руководитель агентства. { help-head }
invite-joined-welcome =
    Готово: вы подключены к компании «{ $company }».
    { $manager ->
        [none] Менеджер будет назначен в ближайшее время.
       *[other] Ваш аккаунт-менеджер — { $manager }.
    }

    { help-client }
invite-unknown = Эта ссылка-приглашение не найдена. Проверьте, что она скопирована целиком, или запросите доступ.
invite-used = Эта ссылка уже использована: каждая ссылка действует один раз. Попросите у менеджера новую или запросите доступ.
invite-expired = Срок действия ссылки истёк. Попросите у менеджера новую или запросите доступ.
invite-staff = Вы сотрудник агентства, поэтому не можете подключиться как клиент. Ссылка осталась неиспользованной — перешлите её клиенту.

help-guest = Нужна ссылка-приглашение от менеджера или запрос доступа: /start
help-client =
    Что можно сделать:
    /status — где сейчас ваши проекты
    /invoices — счета и оплата
    /brief — заполнить бриф, /briefs — ваши брифы
    /proposals — коммерческие предложения
    /documents — договоры и акты
    Просто напишите сообщение — оно уйдёт вашему менеджеру.
    /timezone — часовой пояс, /language — язык
help-manager =
    Что можно сделать:
    /projects — проекты и этапы, /newproject — новый проект
    /invoices — счета, /invoice — выставить счёт, /document — загрузить документ
    /briefs — брифы, /proposal — подготовить КП, /proposals — все КП
    /invite Название компании — пригласить клиента, /companies — компании
    /history, /note, /canned — переписка, заметки, шаблоны ответов
    /hours — рабочие часы, /away — отсутствие и заместитель
    /team — команда: специалисты и их задачи, /calendar — сроки в календаре
    /timezone, /language, /cancel
help-head =
    Что можно сделать:
    /projects, /stats — проекты и статистика по менеджерам
    /invoices — счета по менеджерам
    /proposals — КП; решения — кнопками на карточке, /threshold — порог согласования
    /managers — менеджеры, /team — специалисты, /companies — компании и смена менеджера
    /templates — шаблоны брифов, /invite — пригласить клиента
    /history, /note — переписка и заметки, /inbox — входящие в группе с темой на компанию
    /timezone, /language, /cancel
cmd-timezone = Часовой пояс
timezone-current = Ваш часовой пояс: { $timezone }. Изменить: <code>/timezone Europe/Samara</code>
timezone-set = Часовой пояс: { $timezone }. Напоминания и даты теперь по нему.
timezone-unknown = Не знаю такой часовой пояс. Пример: <code>/timezone Asia/Yekaterinburg</code>
language-choose = Выберите язык:
language-set = Язык: русский.
cancelled = Действие отменено, введённое ранее сохранено там, где было сохранено.
nothing-to-cancel = Сейчас нечего отменять.
unknown-input = Я не понял сообщение. Команда /help покажет, что можно сделать.
text-expected = Здесь нужен текст. Стикеры, голосовые и фото на этом шаге не подходят.
update-not-saved = ⚠️ Не получилось сохранить ваше последнее сообщение: база данных бота сейчас недоступна. Пожалуйста, отправьте его ещё раз через минуту.
alert-database-trouble = 🚨 База данных бота не отвечает: сообщения клиентов сейчас не сохраняются (им предложено отправить их ещё раз). Ошибка: { $error }{"\u000A"}Проверьте диск и файл базы; журнал бота расскажет подробнее.
text-or-file-expected = Здесь нужен текст или файл (документ, фото). Стикеры на этом шаге не подходят.
button-refused = Эта кнопка не для вас или уже не действует.
error-generic = Что-то пошло не так. Попробуйте ещё раз.
error-not-allowed = У вас нет прав на это действие.
error-not-found = Не нашёл — возможно, запись уже удалена.
error-invalid-input = Не удалось разобрать ввод. Попробуйте ещё раз.

# Компании и приглашения
invite-usage =
    Напишите название компании после команды, например:
    <code>/invite ООО Ромашка</code>
invite-pick-company = Или выберите компанию, чтобы сделать для неё новую ссылку:
invite-created =
    Компания: <b>{ $company }</b>
    Ссылка-приглашение для клиента (одноразовая, действует { $days ->
        [one] { $days } день
        [few] { $days } дня
       *[other] { $days } дней
    }, до { $expires }):
    { $link }
btn-invite-again = Ещё одна ссылка
company-name-empty = Название компании не может быть пустым.
company-name-too-long = Название компании длиннее { $limit } символов — сократите, пожалуйста.
companies-empty = Компаний пока нет. Создайте первую: <code>/invite Название компании</code>
companies-header = Компании клиентов:
btn-company-paperwork = 🧾 Реквизиты и договор
company-requisites-prompt =
    Реквизиты «{ $company }» для счетов и актов: полное название, ИНН, КПП, адрес — как их даёт клиент, можно в несколько строк. «-» — очистить.
    Сейчас: { $current ->
        [none] не указаны
       *[other] { $current }
    }
company-contract-prompt = Договор — основание счетов и актов, например: <code>Договор № 12 от 01.12.2026</code>. «-» — без договора.
company-paperwork-too-long = Слишком длинно: не больше { $limit } символов.
company-card =
    <b>{ $company }</b>
    Менеджер: { $manager }
    { $clients ->
        [0] Клиентов в боте пока нет
        [one] { $clients } контакт в боте
        [few] { $clients } контакта в боте
       *[other] { $clients } контактов в боте
    }{ $requisites ->
        [none] {""}
       *[other] {"\u000A"}Реквизиты: { $requisites }
    }{ $contract ->
        [none] {""}
       *[other] {"\u000A"}Договор: { $contract }
    }
company-no-manager = не назначен
btn-company-invite = Новая ссылка-приглашение
btn-company-reassign = Сменить менеджера
reassign-choose = Кому передать компанию «{ $company }»?
reassign-done = Компания «{ $company }» передана менеджеру { $manager }.
company-assigned-to-you = Вам передана компания «{ $company }». Клиенты компании теперь пишут вам.
company-taken-from-you = Компания «{ $company }» передана другому менеджеру: { $manager }.
client-new-manager = Ваш новый аккаунт-менеджер — { $manager }. Пишите, если будут вопросы.
manager-not-found = Этот человек не аккаунт-менеджер.

# Запросы доступа
access-requested =
    Запрос доступа: { $name }{ $username ->
        [none] {""}
       *[other] {" "}(@{ $username })
    }, id <code>{ $person_id }</code>.
    Подключить к компании или отклонить?
btn-access-accept = Подключить
btn-access-decline = Отклонить
access-choose-company = К какой компании подключить { $name }?
access-no-companies = Компаний пока нет. Создайте компанию командой <code>/invite Название</code> и нажмите «Подключить» ещё раз.
access-accepted-card = { $name } подключён(а) к компании «{ $company }». Решение: { $by }.
access-declined-card = Запрос { $name } отклонён. Решение: { $by }.
access-already-decided = Уже решено: { $name }, { $at }.
access-welcome = Доступ открыт: вы подключены к компании «{ $company }». { help-client }
access-declined = К сожалению, запрос доступа отклонён. Если это ошибка, свяжитесь с вашим менеджером.
client-joined =
    К компании «{ $company }» подключился новый контакт: { $name }{ $username ->
        [none] {""}
       *[other] {" "}(@{ $username })
    }.

# Менеджеры
managers-header = Аккаунт-менеджеры:
managers-empty = Аккаунт-менеджеров пока нет.
btn-manager-add = Добавить менеджера
btn-manager-remove = Убрать: { $name }
manager-remove-confirm = Убрать { $name } из аккаунт-менеджеров? Его компании останутся без менеджера, пока вы их не передадите.
btn-confirm = Да, убрать
btn-cancel = Отмена
manager-removed-done =
    { $name } больше не аккаунт-менеджер.{ $orphaned ->
        [0] {""}
        [one] {" "}{ $orphaned } компания осталась без менеджера — передайте её в /companies.
        [few] {" "}{ $orphaned } компании остались без менеджера — передайте их в /companies.
       *[other] {" "}{ $orphaned } компаний остались без менеджера — передайте их в /companies.
    }
manager-add-prompt = Пришлите Telegram id нового менеджера (число) или выберите человека кнопкой внизу. /cancel — отмена.
btn-pick-person = Выбрать человека
manager-add-bad-input = Нужен числовой Telegram id (например, 123456789) или человек, выбранный кнопкой. Попробуйте ещё раз или /cancel.
manager-added-done = { $name } теперь аккаунт-менеджер. Пусть откроет бота и нажмёт /start.
managers-is-head = Этот человек — руководитель, его роль задаётся в настройках (HEAD_IDS).
manager-welcome = Вас добавили аккаунт-менеджером. { help-manager }
manager-removed = Ваш доступ аккаунт-менеджера отключён.

# Оповещения о доставке
group-not-supported = Я работаю только в личных сообщениях, чтобы проекты, счета и переписка с менеджером не были видны посторонним. Напишите мне напрямую: @{ $bot }
alert-unreachable = { $name } заблокировал(а) бота — сообщения не доставляются. Свяжитесь с клиентом другим способом; когда бот снова будет разблокирован, доставка возобновится и вы получите уведомление.
alert-reachable-again = { $name } снова на связи в боте — сообщения доставляются.
alert-delivery-failed = Не удалось доставить сообщение для { $name }: { $error }

# Брифы
cmd-brief = Заполнить бриф
cmd-briefs = Брифы
cmd-templates = Шаблоны брифов
brief-no-templates = Сейчас нет доступных брифов. Напишите вашему менеджеру.
brief-choose-template = Какой бриф заполним?
brief-draft-exists = У вас есть незаконченный бриф «{ $template }»: { $answered } из { $total } вопросов. Продолжим?
btn-brief-continue = Продолжить
btn-brief-restart = Начать заново
brief-intro = <b>{ $template }</b>
    { $description }

    Вопросов: { $total }. Ответы сохраняются сразу — можно прерваться и вернуться командой /brief.
form-progress = Вопрос { $number } из { $total } · { $template }
form-current-answer = Текущий ответ: { $answer }
form-files-so-far = { $count ->
        [one] Получен { $count } файл. Отправьте ещё или нажмите «Готово».
        [few] Получено { $count } файла. Отправьте ещё или нажмите «Готово».
       *[other] Получено { $count } файлов. Отправьте ещё или нажмите «Готово».
    }
form-optional = Вопрос необязательный — можно пропустить.
form-yes = Да
form-no = Нет
form-files = { $count ->
        [one] { $count } файл
        [few] { $count } файла
       *[other] { $count } файлов
    }: { $names }
btn-form-done = Готово
btn-form-back = ← Назад
btn-form-skip = Пропустить
btn-form-to-summary = К сводке
btn-form-save-exit = Сохранить и выйти
btn-form-edit = ✎ { $title }
btn-brief-submit = ✅ Отправить бриф
brief-summary = <b>Проверьте бриф «{ $template }»</b>
    Всё верно? Любой ответ можно изменить кнопкой ниже.
brief-saved = Бриф сохранён. Чтобы продолжить, отправьте /brief.
brief-submitted = Бриф №{ $brief_id } отправлен. { $manager ->
        [none] Менеджер будет назначен и свяжется с вами.
       *[other] Ваш менеджер { $manager } изучит его и напишет вам здесь, если появятся вопросы.
    } Статус брифов — /briefs.
form-invalid = Ответ не подходит к вопросу. Попробуйте ещё раз.
form-too-long = Слишком длинный ответ: { $length } символов, можно до { $limit }. Сократите, пожалуйста, — остальное можно приложить файлом.
form-too-short = Ответ слишком короткий.
form-number-range = Нужно число{ $low ->
        [none] {""}
       *[other] {" "}от { $low }
    }{ $high ->
        [none] {""}
       *[other] {" "}до { $high }
    }.
form-date-not-future = Дата должна быть в будущем.
form-choose-from-buttons = Выберите вариант кнопкой под вопросом.
form-pick-something = Отметьте хотя бы один вариант, затем нажмите «Готово».
form-file-needed = Здесь нужен хотя бы один файл.
form-file-expected = Здесь ждём файл: отправьте документ или фото, или нажмите кнопку под вопросом.
form-text-expected = Здесь нужен ответ текстом. Стикеры, голосовые и видео на этом шаге не подходят.
form-too-many-files = Можно приложить не больше { $limit } файлов.
form-file-saved = Файл «{ $name }» сохранён.
form-required = На этот вопрос нужно ответить.
form-not-current = Этот вопрос уже не текущий — вот тот, на котором вы остановились.
brief-already-submitted = Этот бриф уже отправлен.
brief-not-found = Бриф не найден.
brief-template-unavailable = Этот шаблон брифа сейчас недоступен.
form-closed = Этот черновик уже отправлен, удалён или не ваш.
form-use-summary-buttons = Все ответы собраны — проверьте их и нажмите кнопку отправки под сводкой.
form-too-many-stages = Этапов не может быть больше { $limit }.
form-stages-needed = Нужен хотя бы один этап.
form-stage-format = Не понял этап «{ $line }». Пишите по одному в строке: «Название — 10 дней», «Название — 2 недели» или «Название — 25.12.2026».
form-stages-so-far = Этапы:
btn-form-clear = Начать список заново
parse-number = Нужно число, например 1500 или 2,5.
parse-money = Не понял сумму. Примеры: 1 500 000, 1,5 млн, 300k, 2500 $.
parse-money-range = Сумма должна быть больше нуля и меньше триллиона.
unit-service = усл.
unit-piece = шт.
unit-hour = ч
unit-month = мес.
parse-line = Не понял строку «{ $line }». Пишите по одной услуге в строке: <code>Дизайн главной — 2 × 50 000 ₽ усл.</code> или <code>SEO-аудит — 45 000</code>. Единицы: шт., усл., час, мес.
parse-line-title = Название строки — от 1 до { $limit } символов.
parse-line-quantity = Количество — больше нуля, например 2 или 1,5.
parse-lines-too-many = Не больше { $limit } строк в одном счёте.
parse-lines-currency = Все строки счёта — в одной валюте.
tax-rate-unknown = Ставка НДС: «без НДС» или одна из { $rates }.
parse-date = Не понял дату. Примеры: 25.12.2026, 25.12 или 2026-12-25.
parse-date-impossible = Такой даты нет в календаре — проверьте день и месяц.
parse-link = Нужна ссылка (например, vk.com/brand) или @имя аккаунта.
brief-nudge = Вы начали заполнять бриф «{ $template }» — осталось ответить на { $left ->
        [one] { $left } вопрос
        [few] { $left } вопроса
       *[other] { $left } вопросов
    }. Продолжим? Ответы сохранены.

# Брифы у менеджера
brief-alert =
    📋 <b>Новый бриф №{ $brief_id }</b>
    Компания: { $company }
    Шаблон: { $template }
    Заполнил(а): { $client }

    { $key_answers }

    Полный бриф — в файле ниже.
brief-document-caption = Бриф №{ $brief_id } — { $company }
brief-file-caption = Вложение к брифу №{ $brief_id }
brief-document-title = Бриф №{ $brief_id } — { $company }
brief-document-meta = { $template } · { $client } · отправлен { $submitted }
btn-brief-take = Взять в работу
btn-brief-ask = Задать вопрос клиенту
btn-brief-proposal = Подготовить КП
btn-brief-open = Открыть бриф
btn-brief-document = Файл брифа
brief-taken-note = ✅ В работе: { $manager }
brief-taken-already = Бриф уже в работе: { $manager }.
brief-taken-client = Менеджер { $manager } взял ваш бриф №{ $brief_id } в работу.
brief-proposal-later = Подготовка КП из брифа появится в ближайшем обновлении бота. Пока бриф взят в работу — его видно в /briefs.
brief-ask-prompt = Напишите вопрос клиенту по брифу №{ $brief_id }. /cancel — отмена.
brief-ask-sent = Вопрос отправлен клиенту. Ответ придёт сюда.
brief-question-for-client = ❓ Вопрос менеджера { $manager } по брифу №{ $brief_id }:

    { $question }
btn-brief-reply = Ответить
brief-reply-prompt = Напишите ответ на вопрос:
    <i>{ $question }</i>
    /cancel — отмена.
brief-reply-sent = Ответ отправлен менеджеру.
brief-answer-for-manager =
    💬 Ответ { $client } по брифу №{ $brief_id }
    Вопрос: { $question }

    { $answer }
briefs-empty = Брифов пока нет.
briefs-staff-header = Брифы: сначала новые, затем в работе.
briefs-client-header = Ваши брифы:
brief-list-item = №{ $brief_id } · { $template } · { $status }
brief-list-item-company = №{ $brief_id } · { $company } · { $template } · { $status }
brief-status-draft = черновик
brief-status-submitted = новый
brief-status-in-work = в работе
brief-card =
    <b>Бриф №{ $brief_id }</b> — { $company }
    { $template } · { $client } · { $submitted }
    Статус: { $status }{ $taken_by ->
        [none] {""}
       *[other] {" "}({ $taken_by })
    }
templates-header = Шаблоны брифов (нажмите, чтобы включить или выключить):
template-enabled = ✅ { $title }
template-disabled = ⛔ { $title }

# Коммерческие предложения
cmd-proposal = Подготовить КП
cmd-proposals = Коммерческие предложения
cmd-threshold = Порог согласования КП
stage-days = { $days ->
        [one] { $days } день
        [few] { $days } дня
       *[other] { $days } дней
    }
proposal-choose-company = Для какой компании КП?
proposal-drafts = Черновики КП — продолжить:
btn-proposal-new = Новое КП
proposal-draft-item = { $company }: { $title }
proposal-intro = <b>Новое КП для «{ $company }»</b>{ $brief ->
        [none] {""}
       *[other] {" "}по брифу №{ $brief }
    }
    Вопросов: { $total }. Всё сохраняется сразу; вернуться — /proposal.
proposal-summary = <b>Проверьте КП для «{ $company }»</b>{ $version ->
        [1] {""}
       *[other] {" "}(версия { $version })
    }
btn-proposal-submit = 📨 На согласование руководителю
btn-proposal-send = ✅ Отправить клиенту (ниже порога согласования)
btn-proposal-delete = 🗑 Удалить черновик
proposal-saved = КП сохранено. Продолжить — /proposal.
proposal-deleted = Черновик удалён.
proposal-submitted = КП №{ $proposal_id } (версия { $version }) отправлено на согласование. Решение руководителя придёт сюда.
proposal-sent-direct = КП №{ $proposal_id } отправлено клиенту без согласования: сумма ниже порога.
proposal-card =
    📄 <b>КП №{ $proposal_id }</b> · версия { $version }
    Клиент: { $company }{ $brief ->
        [none] {""}
       *[other] {" "}· бриф №{ $brief }
    }
    Подготовил(а): { $author }

    <b>{ $title }</b>
    Цена: { $price }
    Оплата: { $payment }
    Сроки: { $timeline }
    Этапы:
    { $stages }

    Состав работ:
    { $scope }

    История:
    { $history }{ $decision ->
        [none] {""}
       *[other] {"\u000A\u000A"}{ $decision }
    }
proposal-file-caption = Файл к КП №{ $proposal_id }
btn-proposal-approve = ✅ Одобрить
btn-proposal-return = ↩️ Вернуть с комментарием
btn-proposal-reject = ⛔ Отклонить
proposal-event-submitted = отправлено на согласование
proposal-event-resubmitted = новая версия на согласовании
proposal-event-approved = одобрено
proposal-event-returned = возвращено на доработку
proposal-event-rejected = отклонено
proposal-event-sent = отправлено клиенту
proposal-event-below_threshold = ниже порога, без согласования
proposal-event-accepted = принято клиентом
proposal-event-declined = отклонено клиентом
proposal-event-discussed = клиент задал вопрос
proposal-history-line = { $at } · v{ $version } · { $action } — { $actor }{ $comment ->
        [none] {""}
       *[other] : «{ $comment }»
    }
proposal-decision-line = Решение: { $action } — { $actor }, { $at }
proposal-already-decided = Уже решено: { $name } — { $decision ->
        [approved] одобрено
        [returned] возвращено
        [rejected] отклонено
        [accepted] принято
       *[other] отклонено
    }, { $at }.
proposal-approved-done = Одобрено и отправлено клиенту.
proposal-comment-return = Напишите комментарий для менеджера: что доработать в КП №{ $proposal_id }. /cancel — отмена.
proposal-comment-reject = Напишите причину отклонения КП №{ $proposal_id }. /cancel — отмена.
proposal-returned-done = КП возвращено менеджеру с комментарием.
proposal-rejected-done = КП отклонено, менеджер получил причину.
proposal-approved-author = ✅ КП №{ $proposal_id } одобрено ({ $head }) и отправлено клиенту.
proposal-returned-author = ↩️ КП №{ $proposal_id } возвращено на доработку ({ $head }):
    «{ $comment }»
    Исправьте и отправьте снова — будет версия { $version }+1.
btn-proposal-edit = Доработать КП
proposal-rejected-author = ⛔ КП №{ $proposal_id } отклонено ({ $head }):
    «{ $comment }»
    Бриф снова в работе.
proposal-approval-reminder = ⏰ КП №{ $proposal_id } ждёт решения уже { $hours ->
        [one] { $hours } час
        [few] { $hours } часа
       *[other] { $hours } часов
    }: { $company }, { $price }.
proposal-no-heads = Нет руководителей для согласования (HEAD_IDS в настройках).
proposal-needs-approval = Сумма не ниже порога — нужно согласование руководителя.
proposal-no-contacts = У компании нет контактов в боте — пригласите клиента: /invite.
proposal-not-found = КП не найдено.
proposal-not-editable = Это КП уже нельзя менять.
proposal-not-pending = По этому КП нечего решать.
proposal-cannot-delete = Удалить можно только черновик, ещё не бывший на согласовании.
proposal-client-card =
    📄 <b>Коммерческое предложение: { $title }</b>
    от вашего менеджера { $author }

    Цена: { $price }
    Оплата: { $payment }
    Сроки: { $timeline }
    Этапы:
    { $stages }

    Что входит:
    { $scope }
btn-proposal-accept = ✅ Принять
btn-proposal-decline = Отказаться
btn-proposal-discuss = 💬 Обсудить
proposal-accepted-client = Спасибо! Предложение принято, проект «{ $title }» создан. Этапы и сроки — в /status, как только менеджер начнёт работу; менеджер { $author } свяжется с вами.
proposal-decline-reason = Жаль. Напишите, пожалуйста, почему — это поможет нам. Или нажмите «Без причины».
btn-proposal-no-reason = Без причины
proposal-declined-client = Ответ передан менеджеру. Спасибо, что рассмотрели предложение.
proposal-discuss-prompt = Напишите, что хотите обсудить — сообщение получит ваш менеджер. /cancel — отмена.
proposal-discuss-sent = Сообщение отправлено менеджеру, ответ придёт сюда.
proposal-accepted-staff = 🎉 { $client } принял(а) КП №{ $proposal_id } ({ $company }). Создан проект №{ $project_id }.
proposal-declined-staff = { $client } отказался(-ась) от КП №{ $proposal_id } ({ $company }).{ $reason ->
        [none] {""}
       *[other] {" "}Причина: «{ $reason }»
    }
proposal-client-reminder = Напоминаем о предложении «{ $title }» — ждём вашего решения. Если есть вопросы, нажмите «Обсудить».
proposal-client-silent = Клиент { $company } не ответил на КП №{ $proposal_id } «{ $title }» — отправлено напоминание. Возможно, стоит позвонить.
proposals-empty = КП пока нет.
proposals-header = Коммерческие предложения:
proposal-list-item = №{ $proposal_id } · { $company } · { $title } · { $status }
proposal-status-draft = черновик
proposal-status-pending = на согласовании
proposal-status-returned = на доработке
proposal-status-rejected = отклонено
proposal-status-sent = у клиента
proposal-status-accepted = принято
proposal-status-declined = отказ клиента
brief-status-proposal = готовится КП
brief-status-accepted = КП принято
threshold-current = Порог согласования КП: { $threshold ->
        [none] нет — все КП идут руководителю.
       *[other] { $threshold }. КП дешевле менеджер отправляет клиенту сам.
    }
    Изменить: <code>/threshold 150000</code> (или <code>/threshold 0</code> — согласовывать всё).
threshold-set = Готово. { threshold-current }

# Проекты
cmd-status = Статус проектов
cmd-projects = Мои проекты
cmd-newproject = Новый проект
cmd-stats = Статистика
project-status-active = в работе
project-status-paused = на паузе
project-status-done = завершён
project-status-cancelled = отменён
stage-mark-done = ✅
stage-mark-in_progress = ▶️
stage-mark-waiting_client = ⏳
stage-mark-planned = ○
status-empty = Активных проектов пока нет. Как только менеджер запустит проект, он появится здесь.
status-header = Ваши проекты:
status-item =
    <b>{ $title }</b> — { $status }
    { $bar } { $progress }%
    Сейчас: { $stage }
    Ближайший срок: { $deadline }
    Обновлено: { $updated }
project-card-head =
    <b>{ $title }</b> · { $company } — { $status }
    { $bar } { $progress }%
    Менеджер: { $manager }
project-card-stages = Этапы:
project-stage-line = { $mark } { $position }. { $title } — до { $deadline }{ $progress ->
        [none] {""}
       *[other] {" "}· { $progress }%
    }
project-stage-waiting = { "   " }ждём от вас: «{ $what }» до { $until }
project-card-updates = Последние новости:
project-update-line = — { $at }: { $text }
project-card-ratings = Оценки: { $ratings }
project-no-deadline = без срока
btn-project-answer = Ответить / отправить файл
btn-project-answer-stage = Ответить: { $stage }
project-answer-prompt = Этап «{ $stage }»: ждём «{ $what }». Напишите ответ или отправьте файл. /cancel — отмена.
project-answer-sent = Спасибо! Менеджер получил ответ.
project-not-waiting = Этот этап уже ничего не ждёт от вас.
project-client-answered = 📩 { $client } ответил(а) по этапу «{ $stage }» проекта «{ $project }»:
    { $text ->
        [none] (файл)
       *[other] { $text }
    }
projects-empty = { $whose ->
        [none] Открытых проектов нет. Новый — /newproject.
       *[other] У «{ $whose }» открытых проектов нет.
    }
projects-header = { $whose ->
        [none] Проекты (просроченные сверху, затем по ближайшему сроку):
       *[other] Проекты — { $whose } (просроченные сверху):
    }
projects-company-hint = Пришлите /projects и начало названия компании, например: /projects Ромаш
projects-choose-company = Компаний на «{ $prefix }» несколько — выберите:
projects-no-company = Компании, название которой начинается на «{ $prefix }», не нашлось.
projects-choose-manager = Чьи проекты показать?
btn-page-back = ◀️ Назад
btn-page-next = Далее ▶️
btn-projects-by-manager = 👤 По менеджеру
btn-projects-by-company = 🏢 По компании
btn-projects-all = ✖️ Все проекты
project-list-item = { $overdue ->
        [yes] 🔴
       *[other] 🟢
    } { $title } · { $company } · { $progress }%
btn-project-update = 📝 Новость клиенту
btn-project-pause = ⏸ Пауза
btn-project-resume = ▶️ Продолжить
btn-project-close = 🏁 Завершить проект
btn-project-cancel = ✖ Отменить проект
btn-stage = { $mark } { $title }
stage-menu = Этап «{ $title }»: { $status }, срок { $deadline }, { $progress }%.
stage-status-planned = запланирован
stage-status-in_progress = в работе
stage-status-waiting_client = ждёт клиента
stage-status-done = готов
btn-stage-start = ▶️ Начать
btn-stage-finish = ✅ Завершить
btn-stage-progress = { $value }%
btn-stage-wait = ⏳ Ждём клиента
btn-stage-deadline = 📅 Перенести срок
stage-wait-what = Что нужно от клиента по этапу «{ $title }»? (например, «согласовать макеты»)
stage-wait-until = До какой даты? (например, 10.12)
stage-deadline-new = Новый срок этапа «{ $title }» (сейчас { $deadline }):
stage-deadline-reason = Почему срок меняется? Клиент увидит объяснение.
project-update-prompt = Напишите новость для клиента или отправьте файл с подписью. /cancel — отмена.
project-saved = Готово.
project-closed = Проект закрыт — изменения больше не принимаются.
project-not-found = Проект не найден.
project-progress-range = Прогресс — от 0 до 100%.
project-already-rated = Вы уже поставили оценку — спасибо!
newproject-company = Для какой компании проект?
newproject-title = Название проекта:
newproject-stages = Этапы — по одному в строке, с длительностью или датой:
    <code>Аудит — 10 дней
    Креативы — 2 недели
    Запуск — 01.03.2027</code>
newproject-created = Проект «{ $title }» создан: { $stages ->
        [one] { $stages } этап
        [few] { $stages } этапа
       *[other] { $stages } этапов
    }. Открыть — /projects.
project-stage-started = ▶️ Проект «{ $project }»: начался этап «{ $stage }».
project-stage-finished = ✅ Проект «{ $project }»: этап «{ $stage }» завершён.
project-waiting-client = ⏳ Проект «{ $project }», этап «{ $stage }»: нужно от вас — «{ $what }» до { $until }.
project-deadline-changed = 📅 Проект «{ $project }»: срок этапа «{ $stage }» перенесён{ $old ->
        [none] {""}
       *[other] {" "}с { $old }
    } на { $new }.
    Причина: { $reason }
project-update-posted = 📝 Новость по проекту «{ $project }» от { $manager }:{ $text ->
        [none] {""}
       *[other] {"\u000A\u000A"}{ $text }
    }
project-file-caption = Файл по проекту «{ $project }»
project-status-paused-news = ⏸ Проект «{ $project }» на паузе.
project-status-active-news = ▶️ Проект «{ $project }» продолжается.
project-status-done-news = 🏁 Проект «{ $project }» завершён. Спасибо за работу!
project-status-cancelled-news = Проект «{ $project }» отменён.
project-rate-stage = Как вам этап «{ $stage }» проекта «{ $project }»? Оцените от 1 до 5.
project-rate-project = Проект «{ $project }» завершён. Как вам работа с нами? Оцените от 1 до 5.
btn-rate-1 = 1
btn-rate-2 = 2
btn-rate-3 = 3
btn-rate-4 = 4
btn-rate-5 = 5
rating-thanks = Спасибо за оценку { $score }! Хотите добавить комментарий? Напишите его или нажмите «Без комментария».
btn-rating-no-comment = Без комментария
rating-comment-saved = Спасибо, комментарий передан.
project-low-rating = ⚠️ Низкая оценка { $score }/5 от { $client }: проект «{ $project }» ({ $company }){ $stage ->
        [none] {""}
       *[other] , этап «{ $stage }»
    }.{ $comment ->
        [none] {""}
       *[other] {"\u000A"}Комментарий: «{ $comment }»
    }
stage-due-3d = 📅 Через 3 дня срок этапа «{ $stage }» ({ $project }, { $company }) — { $deadline }.
stage-due-1d = 📅 Завтра срок этапа «{ $stage }» ({ $project }, { $company }).
stage-due-today = ⏰ Сегодня срок этапа «{ $stage }» ({ $project }, { $company }).
stage-overdue = 🔴 Просрочен этап «{ $stage }» ({ $project }, { $company }) — срок был { $deadline }.
stage-overdue-head = 🔴 Эскалация: у { $manager } просрочен этап «{ $stage }» ({ $project }, { $company }) — срок был { $deadline }.
stage-waiting-client = Напоминаем: по проекту «{ $project }» (этап «{ $stage }») ждём от вас «{ $what }».
stage-waiting-manager = Клиент { $company } уже 3 дня не отвечает по этапу «{ $stage }» ({ $project }). Напоминание отправлено — возможно, стоит позвонить.
digest-morning =
    ☀️ <b>Доброе утро!</b>{ $late_from ->
        [none] {""}
       *[other] {" "}В { $late_from } бот был недоступен, поэтому утренняя сводка приходит сейчас.
    } План на сегодня:{ $due_today ->
        [none] {""}
       *[other] {"\u000A\u000A"}Срок сегодня:{"\u000A"}{ $due_today }
    }{ $overdue ->
        [none] {""}
       *[other] {"\u000A\u000A"}Просрочено:{"\u000A"}{ $overdue }
    }{ $waiting ->
        [none] {""}
       *[other] {"\u000A\u000A"}Ждём клиента:{"\u000A"}{ $waiting }
    }{ $invoices ->
        [none] {""}
       *[other] {"\u000A\u000A"}Просроченные счета (итого { $invoice_totals }):{"\u000A"}{ $invoices }
    }{ $tasks ->
        [none] {""}
       *[other] {"\u000A\u000A"}Задачи команды на сегодня и просроченные:{"\u000A"}{ $tasks }
    }{ $messages ->
        [none] {""}
       *[other] {"\u000A\u000A"}Ждут ответа:{"\u000A"}{ $messages }
    }
project-weekly = 🗓 <b>Итоги недели по вашим проектам</b>

    { $summary }
btn-weekly-off = Не присылать итоги недели
weekly-off = Итоги недели отключены. Статус проектов всегда доступен по /status.
weekly-on = Итоги недели снова включены.
btn-weekly-on = Присылать итоги недели
stats-empty = Проектов пока нет: статистика по менеджерам появится с первым проектом.
stats-header = <b>Статистика по менеджерам</b>
stats-line = { $manager }: проектов в работе — { $active }, оценок — { $count }{ $average ->
        [none] {""}
       *[other] , средняя { $average }
    }, низких — { $low }
project-news-stage_started = Начат этап
project-news-stage_finished = Завершён этап
project-news-waiting_client = Ждём клиента, этап
project-news-deadline_changed = Перенесён срок этапа
project-news-client_answer = Ответ клиента, этап
project-news-project_paused = Проект на паузе
project-news-project_active = Проект продолжается
project-news-project_done = Проект завершён
project-news-project_cancelled = Проект отменён

# Счета и документы
cmd-invoice = Выставить счёт
cmd-invoices = Счета
cmd-documents = Документы
cmd-document = Загрузить документ клиенту
invoice-choose-company = Для какой компании счёт?
invoice-choose-project = К какому проекту счёт?
btn-invoice-no-project = Без проекта
invoice-intro = <b>Новый счёт для «{ $company }»</b>. Номер будет присвоен при выставлении.
invoice-summary = <b>Проверьте счёт для «{ $company }»</b>
btn-invoice-issue = 📤 Выставить счёт
btn-invoice-delete = 🗑 Удалить черновик
invoice-saved = Черновик счёта сохранён. Продолжить — /invoice.
invoice-deleted = Черновик удалён.
invoice-issued-done = Счёт № { $number } выставлен и отправлен клиенту.
invoice-issued =
    🧾 <b>Счёт № { $number }</b> от { $agency }
    { $purpose }
    Сумма: <b>{ $amount }</b>
    Оплатить до: { $due }
    Файл счёта — ниже.
invoice-document-caption = Счёт № { $number }
btn-invoice-paid = ✅ Я оплатил(а)
btn-invoice-question = ❓ Вопрос по счёту
btn-invoice-later = ⏰ Напомнить позже
invoice-later-choose = Когда напомнить?
btn-invoice-later-1d = Завтра
btn-invoice-later-3d = Через 3 дня
btn-invoice-later-monday = В понедельник
invoice-snoozed = Хорошо, напомним { $until }.
invoice-reported-thanks = Спасибо! Менеджер проверит поступление и подтвердит.
invoice-reported-paid = 💳 { $client } сообщает об оплате счёта № { $number } ({ $company }, { $balance }).
btn-invoice-confirm = ✅ Подтвердить оплату
btn-invoice-not-received = ✖ Не поступила
invoice-paid-client = Оплата счёта № { $number } получена. Спасибо!
invoice-partial-client = Получена часть оплаты по счёту № { $number }. Остаток: { $balance }.
invoice-payment-missing = Мы пока не видим оплату по счёту № { $number } на { $balance }. Возможно, платёж ещё в пути — если оплатили, пришлите, пожалуйста, платёжку ответом на вопрос по счёту.
invoice-cancelled = Счёт № { $number } отменён — оплачивать его не нужно.
invoice-reminder-before = Напоминаем: счёт № { $number } на { $balance } нужно оплатить до { $due }.
invoice-reminder-today = Сегодня последний день оплаты счёта № { $number } на { $balance }.
invoice-reminder-overdue = Счёт № { $number } на { $balance } ожидает оплаты (срок был { $due }). Если уже оплатили — нажмите «Я оплатил(а)».
invoice-reminder-firm = Счёт № { $number } на { $balance } не оплачен уже { $offset } дн. (срок был { $due }). Пожалуйста, оплатите его в ближайшие дни или напишите, когда планируете оплату, — ответим и поможем, если что-то мешает. Если уже оплатили — нажмите «Я оплатил(а)».
invoice-reminder-formal =
    Уведомляем: оплата по счёту № { $number } не поступила. Срок оплаты истёк { $due }, просрочка — { $offset } дн., задолженность — { $balance }.
    По условиям договора оплата производится в указанный в счёте срок. Просим погасить задолженность в течение 3 рабочих дней или сообщить дату оплаты ответом на это сообщение. Если оплата уже произведена — нажмите «Я оплатил(а)» и пришлите платёжное поручение.
invoice-reminder-snoozed = Как договаривались, напоминаем о счёте № { $number } на { $balance } (срок { $due }).
invoice-reminder = Напоминаем о счёте № { $number } на { $balance } (срок { $due }).
invoice-overdue-manager = 🔴 Просрочен счёт № { $number }: { $company }, { $balance }, срок был { $due }.
invoice-overdue-head = 🔴 Эскалация: счёт № { $number } ({ $company }, менеджер { $manager }) просрочен на { $days ->
        [one] { $days } день
        [few] { $days } дня
       *[other] { $days } дней
    }, { $balance }.
invoice-question-prompt = Напишите вопрос по счёту — его получит менеджер. /cancel — отмена.
invoice-question-sent = Вопрос отправлен менеджеру.
invoice-closed = Этот счёт уже закрыт.
invoice-not-found = Счёт не найден.
invoice-no-contacts = У компании нет контактов в боте — пригласите клиента: /invite.
invoice-wrong-currency = Счёт в { $currency } — укажите сумму в этой валюте.
invoice-payment-too-big = Сумма больше остатка ({ $balance }).
invoices-empty = Счетов пока нет.
invoices-header = Счета (открытые и просроченные сверху):
invoice-list-item = { $mark } № { $number } · { $company } · { $balance } из { $amount } · до { $due } · { $status }
invoice-status-issued = ждёт оплаты
invoice-status-reported_paid = клиент сообщил об оплате
invoice-status-paid = оплачен
invoice-status-cancelled = отменён
invoices-totals = Итого к оплате: { $open }; просрочено: { $overdue }.
invoices-filter = Фильтр по компании:
btn-invoices-all = Все компании
invoice-card =
    🧾 <b>Счёт № { $number }</b> — { $status }
    { $company }{ $project ->
        [none] {""}
       *[other] {" "}· проект «{ $project }»
    }
    { $purpose }
    Сумма: { $amount }, оплачено: { $paid }, остаток: <b>{ $balance }</b>
    Оплатить до: { $due }
    Напоминания: { $reminders ->
        [on] включены
       *[off] выключены
    }
btn-invoice-record = 💰 Записать оплату
btn-invoice-remind-now = 🔔 Напомнить сейчас
btn-invoice-reminders-off = 🔕 Выключить напоминания
btn-invoice-reminders-on = 🔔 Включить напоминания
btn-invoice-cancel = ✖ Отменить счёт
btn-invoice-file = 📎 Файл счёта
invoice-record-prompt = Сколько поступило? Остаток: { $balance }. /cancel — отмена.
invoice-recorded = Записано. { $status ->
        [paid] Счёт оплачен полностью.
       *[other] Остаток: { $balance }.
    }
invoice-reminded = Напоминание отправлено клиенту.
invoices-head-header = <b>Счета по менеджерам</b> (к оплате / из них просрочено):
invoices-head-line = { $manager }: { $outstanding } / { $overdue }
btn-company-invoice-reminders-off = 🔕 Не напоминать о счетах
btn-company-invoice-reminders-on = 🔔 Напоминать о счетах
company-invoice-reminders = Напоминания об оплате для «{ $company }»: { $enabled ->
        [on] включены
       *[off] выключены
    }.
document-choose-company = Для какой компании документ?
document-choose-project = К какому проекту относится документ?
btn-document-whole-company = Ко всей компании
document-prompt = Отправьте файл (договор, акт) с подписью — подпись станет названием. /cancel — отмена.
document-saved = Документ «{ $title }» сохранён и отправлен клиенту.
document-added = 📄 Новый документ: { $title }
documents-empty = Документов пока нет.
documents-header = Ваши документы:
invoice-agency-default = агентства

# Переписка с менеджером
cmd-history = История переписки
cmd-note = Заметка о клиенте
cmd-canned = Шаблоны ответов
cmd-away = Отсутствие и заместитель
cmd-back = Я снова на связи
cmd-hours = Рабочие часы
cmd-inbox = Входящие в группе с темами
chat-client-message = 💬 <b>{ $client }</b> ({ $company }){ $topic ->
        [proposal] {" "}· по КП №{ $ref }
        [invoice] {" "}· по счёту № { $ref }
        [deliverable] {" "}· по «{ $ref }»
       *[other] {""}
    }{ $count ->
        [1] {""}
        [one] {" "}· { $count } новое сообщение
        [few] {" "}· { $count } новых сообщения
       *[other] {" "}· { $count } новых сообщений
    }:{ $text ->
        [none] {""}
       *[other] {"\u000A"}{ $text }
    }
btn-chat-reply = ↩️ Ответить
btn-chat-canned = 📋 Шаблоны
chat-context = 📌 { $client } уточнил(а): речь о проекте «{ $project }»{ $stage ->
        [none] {""}
       *[other] , этап «{ $stage }»
    }.
chat-receipt = Сообщение передано { $away ->
        [none] менеджеру { $manager }
       *[other] { $manager } — заменяет { $away } на время отсутствия
    }. { $open ->
        [yes] Ответ — в течение { $hours ->
            [one] { $hours } рабочего часа
           *[other] { $hours } рабочих часов
        }.
       *[no] Сейчас нерабочее время: ответим с { $opens } ({ $timezone }).
    }
chat-which-project = К какому проекту это относится?
btn-chat-general = Общий вопрос
chat-context-saved = Спасибо, менеджер увидит, о каком проекте речь.
chat-manager-reply = 💬 <b>{ $manager }</b>:{ $text ->
        [none] {""}
       *[other] {"\u000A"}{ $text }
    }
chat-reply-prompt = Напишите ответ клиенту (можно файл с подписью). /cancel — отмена.
chat-reply-sent = Ответ отправлен клиенту.
chat-canned-pick = Выберите шаблон ответа:
chat-canned-empty = Шаблонов пока нет. Добавьте: /canned
chat-canned-list = Ваши шаблоны ответов (нажмите, чтобы удалить):
btn-chat-canned-add = ➕ Добавить шаблон
chat-canned-prompt = Пришлите текст шаблона. /cancel — отмена.
chat-canned-saved = Шаблон сохранён.
chat-canned-deleted = Шаблон удалён.
chat-sla-reminder = ⏰ { $client } ({ $company }) ждёт ответа уже { $hours ->
        [one] { $hours } рабочий час
        [few] { $hours } рабочих часа
       *[other] { $hours } рабочих часов
    }.
chat-sla-escalation = 🔴 Эскалация: { $client } ({ $company }) без ответа { $hours ->
        [one] { $hours } рабочий час
        [few] { $hours } рабочих часа
       *[other] { $hours } рабочих часов
    }. Менеджер: { $manager }.
btn-chat-take-over = Ответить самому
btn-chat-reassign = Передать другому менеджеру
chat-choose-company = Какая компания?
chat-history-header = <b>Переписка с «{ $company }»</b> (последние сообщения):
chat-history-in = ← { $at } · { $author }: { $text }
chat-history-out = → { $at } · { $author }: { $text }
chat-history-empty = Сообщений пока нет.
chat-notes-header = <b>Заметки (клиент их не видит):</b>
chat-note-line = • { $at } · { $author }: { $text }
chat-note-prompt = Напишите заметку о «{ $company }» — клиент её не увидит. /cancel — отмена.
chat-note-saved = Заметка сохранена.
chat-away-until = До какой даты вас не будет? (например, 10.12)
chat-away-deputy = Кто вас заменит?
chat-away-set = Готово: до { $until } сообщения и оповещения получает { $deputy }. Вернуться раньше — /back.
chat-away-cleared = С возвращением! Сообщения снова приходят вам.
chat-you-are-deputy = Вы заменяете { $manager } до { $until }: их клиенты и оповещения теперь у вас.
chat-deputy-self = Заместителем должен быть другой человек.
chat-no-deputies = Нет других менеджеров, которые могли бы заменить вас.
chat-hours-format = Формат: <code>/hours 09:00-18:00</code> или <code>/hours 10:00-19:00 Europe/Samara</code>.
chat-hours-current = Рабочие часы: { $start }–{ $end } ({ $timezone }), пн–пт{ $holidays ->
        [none] {""}
       *[other] , кроме праздников ({ $holidays })
    }. Изменить: <code>/hours 10:00-19:00 Europe/Moscow</code>
chat-hours-set = Рабочие часы: { $start }–{ $end } ({ $timezone }), пн–пт{ $holidays ->
        [none] {""}
       *[other] , кроме праздников ({ $holidays })
    }.

## The invoice document (an HTML page the accountant prints)
invoice-doc-title = Счёт № { $number }
invoice-doc-heading = Счёт на оплату № { $number } от { $issued }
invoice-doc-supplier = Поставщик (Исполнитель)
invoice-doc-customer = Покупатель (Заказчик)
invoice-doc-purpose = Назначение
invoice-doc-amount = Сумма
invoice-doc-due = Оплатить до

## Pictures: the project timeline
btn-project-timeline = 📊 График этапов
timeline-planned = запланирован
timeline-in-progress = в работе
timeline-waiting = ждёт клиента
timeline-approval = на согласовании
timeline-done = готово
timeline-overdue = просрочен
timeline-today = сегодня
timeline-no-stages = В проекте пока нет этапов.
timeline-subtitle = { $company } · { $start } — { $end } · готово { $progress }%
timeline-moved = срок перенесён с { $old } на { $new }: { $reason }
timeline-caption = 📊 { $project }: этапы и сроки на сегодня.
render-failed = Не получилось нарисовать файл. Попробуйте ещё раз через минуту — ничего из введённого не потерялось.

## Printable documents (PDF)
doc-page = Страница { $page } из { $pages }
doc-signature = подпись, расшифровка
invoice-doc-basis = Основание
invoice-doc-line = Товары (работы, услуги)
invoice-doc-quantity = Кол-во
invoice-doc-unit = Ед.
invoice-doc-price = Цена
invoice-doc-vat-included = В том числе { $tax } ({ $rate } %)
invoice-doc-vat = { $tax } ({ $rate } %)
invoice-doc-no-vat = Без { $tax }
invoice-doc-grand-total = Всего к оплате
invoice-doc-count = Всего наименований { $count }, на сумму { $total }
invoice-bank-bank = Банк получателя
invoice-bank-bic = БИК
invoice-bank-account = Сч. №
invoice-bank-inn = ИНН
invoice-bank-kpp = КПП
invoice-bank-payee = Получатель
doc-signer-head = Руководитель
doc-signer-accountant = Бухгалтер
invoice-doc-project = Проект
invoice-doc-number = №
invoice-doc-total = Итого
invoice-doc-paid = Оплачено
invoice-doc-balance = К оплате
invoice-doc-status = Статус
invoice-doc-qr = Оплата по QR-коду: отсканируйте его в приложении банка — получатель, реквизиты и сумма { $balance } заполнятся сами.
brief-doc-template = Шаблон
brief-doc-client = Клиент
brief-doc-submitted = Отправлен

## Pictures: the head's /stats chart
stats-chart-title = Команда и деньги
stats-chart-subtitle = на { $today }
stats-chart-team = Нагрузка по менеджерам
stats-chart-open = открытые проекты
stats-chart-overdue-stages = просроченные этапы
stats-chart-overdue-amount = просроченные счета
stats-chart-weeks = Последние 12 недель: выставлено и оплачено
stats-chart-issued = выставлено
stats-chart-paid = оплачено
stats-chart-caption = 📊 Нагрузка менеджеров, просрочки и деньги за 12 недель.
stats-chart-other = Просрочено также: { $sums }.
stats-chart-no-manager = без менеджера

## Acts of completed work
btn-project-act = 🧾 Акт выполненных работ
btn-act-all-finished = Все завершённые этапы
act-choose = Акт по проекту «{ $project }»: за какую работу?
act-amount-prompt = Сумма по акту? Например: 150 000 или 1 200 €. НДС — как в настройках агентства; другой — после суммы: <code>150 000, НДС 10%</code> или <code>150 000 без НДС</code>. /cancel — отмена.
act-filed = Акт № { $number } готов: он в документах компании «{ $company }» (/documents), и клиент его получил.
act-nothing-finished = В проекте пока нет завершённых этапов: акт составляется по выполненной работе.
act-stage-not-finished = Этот этап ещё не завершён.
act-already-filed = Этот акт уже в документах.
act-doc-title = Акт № { $number } от { $day }
act-doc-contractor = Исполнитель
act-doc-customer = Заказчик
act-doc-project = Проект
act-doc-work = Работа
act-doc-finished = Завершена
act-doc-approved = версия v{ $version } согласована заказчиком { $day }
act-doc-basis-invoice = Счёт № { $number } от { $day }
act-doc-grand-total = Всего
act-doc-count = Всего оказано услуг { $count }, на сумму { $total }
act-doc-statement = Вышеперечисленные услуги выполнены полностью и в срок. Заказчик претензий по объёму, качеству и срокам оказания услуг не имеет.

## the staff inbox
inbox-heads-only = Группу-входящие подключает руководитель агентства.
inbox-how-to-link =
    <b>Входящие в группе</b>: каждая компания-клиент получает свою тему, сотрудники отвечают прямо в ней.
    1. Создайте супергруппу и включите в ней «Темы».
    2. Добавьте меня кнопкой ниже — Telegram сразу предложит права администратора (управление темами, закрепление и удаление сообщений).
    3. Отправьте в группе /inbox.
    В одну группу бот может писать около 20 сообщений в минуту. Больше 20–30 активных клиентов — лучше отдельная группа на каждого менеджера.
btn-inbox-add = Добавить бота в группу
inbox-added = Чтобы сделать эту группу входящими агентства, руководитель отправляет здесь /inbox. Мне нужны права администратора: управление темами, закрепление и удаление сообщений.
inbox-missing = Не могу подключить группу: { $what }.
inbox-missing-supergroup = это должна быть супергруппа
inbox-missing-forum = включите «Темы» в настройках группы
inbox-missing-admin = сделайте бота администратором
inbox-missing-manage-topics = нет права «Управление темами»
inbox-missing-pin-messages = нет права «Закрепление сообщений»
inbox-missing-delete-messages = нет права «Удаление сообщений»
inbox-scope-all = Группа «{ $title }» подключена: здесь переписка со всеми компаниями агентства, у каждой своя тема. Чтобы отдать группе только компании определённых менеджеров, отметьте их ниже.
inbox-scope-managers = Группа «{ $title }» подключена: { $all ->
        [yes] компании всех менеджеров без своей группы, а также
       *[other] {""}
    } компании менеджеров: { $managers ->
        [none] —
       *[other] { $managers }
    }.
btn-inbox-for-all = Группа всего агентства
inbox-linked = Группа «{ $title }» подключена как входящие ({ $by }). Новые сообщения клиентов приходят в темы компаний.
inbox-lost-removed = Бота удалили из группы «{ $title }». Пока он не вернётся, сообщения клиентов приходят менеджерам в личные чаты — ничего не теряется.
inbox-lost-rights = В группе «{ $title }» у бота больше нет нужных прав (управление темами, закрепление и удаление сообщений). Пока их нет, сообщения клиентов приходят менеджерам в личные чаты.
inbox-lost-not-forum = В группе «{ $title }» выключены «Темы». Пока их нет, сообщения клиентов приходят менеджерам в личные чаты.
inbox-busy = В группе «{ $title }» в очереди { $queued } сообщений — больше, чем Telegram позволяет отправить туда за минуту (около 20). Если так бывает часто, заведите отдельную группу для части менеджеров (/inbox).
inbox-stranger = В группе «{ $title }» участник, которого нет среди сотрудников: { $name }{ $username ->
        [none] {""}
       *[other] {" "}(@{ $username })
    }. Его сообщения клиентам не отправляются. Если это сотрудник — добавьте его в боте; если нет — удалите из группы.
inbox-from-client = 👤 <b>{ $name }</b>{ $topic ->
        [proposal] {" "}· по КП №{ $ref }
        [invoice] {" "}· по счёту № { $ref }
        [deliverable] {" "}· по «{ $ref }»
       *[other] {""}
    }
inbox-from-private-reply = ↩️ <b>{ $name }</b> (ответ из личного чата)
inbox-card-title = 📌 <b>{ $company }</b>
inbox-card-manager = Менеджер: { $manager ->
        [none] не назначен
       *[other] { $manager }
    }
inbox-card-contacts = Контакты: { $contacts ->
        [none] —
       *[other] { $contacts }
    }
inbox-card-projects = Проекты в работе:
inbox-card-project = • { $project } — ближайший срок: { $deadline ->
        [none] не задан
       *[other] { $deadline }
    }
inbox-card-no-projects = Проектов в работе нет.
inbox-card-unpaid = Не оплачено:
inbox-card-invoice = • счёт № { $number }: { $balance }
btn-inbox-invoices = 💳 Счета
btn-inbox-history = 🕘 История
btn-company-topic = 💬 Тема во входящих
inbox-line-client-blocked = ⚠️ { $client } заблокировал(а) бота — сообщение не доставлено (оно сохранено).
inbox-line-refused = ⚠️ Telegram не принял сообщение для { $client }: { $reason }. Сообщение сохранено.
inbox-line-too-big = ⚠️ Файл слишком большой для отправки { $client } (Telegram принимает до 50 МБ). Сообщение сохранено.
inbox-line-no-contact = ⚠️ У компании нет контактов в боте — отправить некому.
inbox-no-contact = У этой компании нет контактов в боте — отправить некому. Пригласите клиента: /invite.
inbox-note-usage = Заметка: /note текст — или начните сообщение с // (клиент его не увидит).
inbox-opened = Тему открыл(а) { $name }.
inbox-who = { $name }{ $username ->
        [none] {""}
       *[other] {" "}(@{ $username })
    }
inbox-topic-opening = Тема компании появится во входящих через несколько секунд.
inbox-no-group = Группа-входящие не подключена: переписка идёт в личном чате. Руководитель подключает группу командой /inbox.
inbox-card-recent = Последние сообщения (остальное — /history):
inbox-card-recent-in = ← { $author }: { $text }
inbox-card-recent-out = → { $author }: { $text }

## sign-off
btn-stage-sign-off = 📤 На согласование клиенту
signoff-collect =
    <b>На согласование: «{ $stage }»</b>
    Пришлите файлы (можно альбомом, до 10), ссылку и пояснение — сколькими сообщениями удобно. Когда всё готово, нажмите «Отправить клиенту».
signoff-collected = Добавлено. Файлов: { $files }{ $link ->
        [none] {""}
       *[other] , ссылка: { $link }
    }{ $note ->
        [yes] , есть пояснение
       *[other] {""}
    }.
btn-signoff-send = Отправить клиенту
btn-signoff-drop = Отменить
signoff-dropped = Отменено, клиенту ничего не отправлено.
signoff-posted = Версия v{ $version } отправлена клиенту на согласование.
signoff-empty = Добавьте файл, ссылку или пояснение — пока отправлять нечего.
signoff-file-kind = Такой файл нельзя отправить на согласование: пришлите документ, фото, видео или аудио.
signoff-too-many-files = Не больше { $limit } файлов за раз.
signoff-already-posted = Эта версия уже отправлена (v{ $version }).
signoff-files-caption = 📎 «{ $stage }», v{ $version } — { $project }
signoff-card =
    <b>На согласование: «{ $stage }», v{ $version }</b>
    Проект: { $project }{ $note ->
        [none] {""}
       *[other] {"\u000A"}{ $note }
    }{ $link ->
        [none] {""}
       *[other] {"\u000A"}Ссылка: { $link }
    }
    { $status ->
        [approved] ✅ Согласовано: { $decided_by }, { $decided_at }.
        [changes] ✏️ Запрошены правки: { $decided_by }, { $decided_at }.
        [superseded] Заменено новой версией.
       *[other] Посмотрите и решите: согласовать или нужны правки.
    }
signoff-staff-card =
    📤 <b>«{ $stage }», v{ $version }</b> отправлено клиенту ({ $company }, { $project }).{ $beyond ->
        [yes] {"\u000A"}⚠️ Это круг правок сверх включённых в цену ({ $rounds } из { $included }) — его можно выставить отдельно.
       *[other] {""}
    }
    { $status ->
        [approved] ✅ Согласовано: { $decided_by }, { $decided_at }.
        [changes] ✏️ Запрошены правки: { $decided_by }, { $decided_at }.
        [superseded] Заменено новой версией.
       *[other] Ждёт решения клиента.
    }
signoff-approved = ✅ { $client } согласовал(а) «{ $stage }», v{ $version } ({ $company }, { $project }).
signoff-changes =
    ✏️ { $client } просит правки: «{ $stage }», v{ $version } ({ $company }).{ $comment ->
        [none] {""}
       *[other] {"\u000A"}{ $comment }
    }
    Круг правок { $round } из { $included } включённых.{ $beyond ->
        [yes] {" "}⚠️ Сверх включённых в цену — можно выставить отдельно.
       *[other] {""}
    }
signoff-changes-files = Файлы к правкам: «{ $stage }», v{ $version }
signoff-reminder = Напоминаем: «{ $stage }», v{ $version } ждёт вашего решения уже { $days } раб. дн. Согласуйте или напишите, что поправить.
signoff-silent = Клиент { $company } { $days } раб. дн. не решает по «{ $stage }», v{ $version }. Свяжитесь с ним.
signoff-escalation = ⚠️ { $company }: «{ $stage }», v{ $version } без решения клиента { $days } раб. дн. Менеджер: { $manager }.
btn-signoff-approve = ✅ Согласовать
btn-signoff-changes = ✏️ Нужны правки
btn-signoff-question = ❓ Вопрос
btn-signoff-changes-send = Отправить правки
btn-signoff-finish-stage = Завершить этап
signoff-thanks = Спасибо! Версия v{ $version } согласована.
signoff-changes-prompt = Опишите, что поправить в v{ $version } — можно приложить файлы. Затем нажмите «Отправить правки».
signoff-changes-so-far = Записано (файлов: { $files }). Добавьте ещё или нажмите «Отправить правки».
signoff-changes-sent = Правки к v{ $version } отправлены менеджеру.
signoff-question-prompt = Напишите вопрос — он уйдёт вашему менеджеру.
signoff-question-sent = Вопрос передан менеджеру.
signoff-already-decided = По v{ $version } уже есть решение: { $decision ->
        [approved] согласовано
        [changes] запрошены правки
       *[other] принято
    } ({ $name }, { $at }).
signoff-superseded = Это v{ $version }, а уже есть новая версия v{ $latest } — решите, пожалуйста, по ней.
stage-awaiting-approval = ждёт вашего согласования (v{ $version })
stage-awaiting-approval-staff = на согласовании у клиента (v{ $version })
status-awaiting = ⏳ «{ $stage }» ждёт вашего согласования (v{ $version })
stats-signoff-header = <b>Согласование работ</b> (последние 12 недель, от отправки до «согласовано»):
stats-signoff-cycle = { $manager }: медиана { $days } дн., согласований — { $count }
stats-signoff-rounds = Кругов правок в открытых проектах:
stats-signoff-round = • { $project } ({ $company }) — { $rounds }

## calendar feeds
calendar-name = AM Assistant — { $name }
calendar-stage = Срок этапа «{ $stage }» — { $context }
calendar-invoice = Оплата счёта № { $number } ({ $amount }) — { $context }
calendar-sign-off = Согласовать «{ $stage }», v{ $version } — { $context }
calendar-sign-off-staff = Ждёт согласования клиента: «{ $stage }», v{ $version } — { $context }
calendar-link =
    <b>Ваш календарь</b> — { $role ->
        [specialist] сроки ваших задач:
       *[other] сроки этапов, счета и то, что ждёт согласования:
    }
    { $url }
    Добавьте ссылку в Google Календарь («Добавить по URL»), Apple Календарь («Подписка») или Outlook. События обновляются сами, когда сроки меняются.
    Ссылка личная: не пересылайте её. Новая ссылка (старая перестанет работать) — /calendar reset.
calendar-reset = Новая ссылка на календарь (старая больше не работает):
    { $url }
calendar-off = Календарь недоступен: администратор бота не указал PUBLIC_BASE_URL.
cmd-calendar = Календарь сроков (.ics)

# Команда: специалисты и их задачи
cmd-team = Команда: специалисты
cmd-tasks = Мои задачи
start-specialist = Здравствуйте, { $name }! Вы в команде агентства. { help-specialist }
help-specialist =
    Что можно сделать:
    /tasks — ваши задачи: срок, что нужно сделать, файлы; отметить прогресс и сдать результат
    /calendar — ваши сроки в календаре (.ics)
    /timezone — часовой пояс (напоминания приходят в 09:00 по нему), /language, /cancel
specialist-welcome = Вас добавили в команду агентства{ $by ->
        [none] {""}
       *[other] {" "}({ $by })
    } как «{ $skill }». Задачи будут приходить сюда. { help-specialist }
specialist-removed = Вы больше не в команде агентства: задачи сюда не приходят.
specialist-refused = Эта команда вам недоступна. Ваши задачи — /tasks, справка — /help.
team-header = <b>Команда</b> (задачи в работе · просрочено · ближайший срок):
team-line = • { $name } — { $skill }: { $open } · { $overdue } · { $next ->
        [none] —
       *[other] { $next }
    }
team-empty = В команде пока никого. Добавьте дизайнера, копирайтера или SEO-специалиста — по Telegram ID, контакту или ссылке-приглашению.
btn-team-add = Добавить по ID или контакту
btn-team-invite = Ссылка-приглашение
btn-team-remove = Убрать: { $name }
team-remove-confirm = Убрать { $name } из команды? Задач в работе: { $open } — они будут отменены, менеджеры получат уведомление.
team-removed-done = Специалист убран из команды. Отменено задач: { $tasks }.
team-skill-prompt = Специализация? Выберите или напишите свою (до 40 символов):
team-skill-bad = Специализация — от 1 до { $limit } символов, например «дизайнер».
team-person-prompt = Кого добавить как «{ $skill }»? Нажмите кнопку, чтобы выбрать контакт, или пришлите Telegram ID числом.
team-added-done = { $name } в команде: { $skill }.
team-invite-link =
    Ссылка-приглашение в команду («{ $skill }»), одноразовая:
    { $link }
    Перешлите её специалисту: открыв её, он попадёт в команду.
team-invite-joined = Готово, { $name }: вы в команде агентства как «{ $skill }». Задачи будут приходить сюда — /tasks.
team-invite-has-role = У вас уже есть роль в боте, поэтому ссылка в команду не подходит. Ссылка осталась неиспользованной.
team-is-staff = Это сотрудник агентства с ролью менеджера или руководителя — специалистом его сделать нельзя.
team-is-client = Это контакт клиента — специалистом его сделать нельзя.
team-not-specialist = Этот человек не в команде (или его уже убрали). Обновите список: /team
btn-stage-assign = 👷 Поручить специалисту
task-no-specialists = В команде пока нет специалистов. Добавьте их: /team
task-choose-specialist = Кому поручить часть этапа «{ $stage }»?
task-specialist-item = { $name } — { $skill ->
        [none] без специализации
       *[other] { $skill }
    }
task-brief-prompt = Задача по этапу «{ $stage }», исполнитель — { $name }. Опишите, что нужно сделать, и приложите файлы (можно альбомом, до 10) — сколькими сообщениями удобно. Затем нажмите «Дальше».
task-brief-collected = Записано: { $words } симв. текста, файлов: { $files }. Можно добавить ещё или нажать «Дальше».
btn-task-next = Дальше: срок
task-brief-empty = Сначала опишите задачу или приложите файл.
task-dropped = Задача не создана.
task-due-prompt = К какому дню? Например 25.12 или 2026-12-25. Срок этапа — { $deadline }.
task-due-after-stage = Этот срок позже срока этапа ({ $deadline }). Оставить так — нажмите кнопку, или пришлите другую дату.
btn-task-late-ok = Да, позже срока этапа
task-due-past = Этот день уже прошёл. Укажите сегодняшнюю или будущую дату.
task-created = Задача поручена: { $name }, «{ $stage }», срок { $due }. Специалист уже получил её; напоминания — за 3 дня, за день и в день срока.
task-card =
    📌 <b>{ $stage }</b> — { $project } ({ $company })
    Срок: <b>{ $due }</b> · готово { $progress }%{ $progress_note ->
        [none] {""}
       *[other] {" "}— { $progress_note }
    }
    { $brief }{ $files ->
        [0] {""}
       *[other] {"\u000A"}Файлов от менеджера: { $files } (пришли вместе с задачей).
    }{ $return_comment ->
        [none] {""}
       *[other] {"\u000A"}↩️ Доработать: { $return_comment }
    }{ $status ->
        [handed_in] {"\u000A"}📤 Сдано, ждёт решения менеджера.
        [accepted] {"\u000A"}✅ Принято и отправлено клиенту.
        [cancelled] {"\u000A"}Задача отменена.
       *[other] {""}
    }
task-card-staff =
    📌 <b>{ $stage }</b> — { $project } ({ $company })
    Исполнитель: { $specialist }{ $skill ->
        [none] {""}
       *[other] {" "}({ $skill })
    } · срок { $due } · готово { $progress }%{ $progress_note ->
        [none] {""}
       *[other] {" "}— { $progress_note }
    }
    { $brief }{ $returns ->
        [0] {""}
       *[other] {"\u000A"}Возвращено на доработку: { $returns } раз.
    }{ $status ->
        [handed_in] {"\u000A"}📤 Сдано{ $late ->
            [yes] {" "}с опозданием
           *[other] {""}
        }, ждёт вашего решения.
        [accepted] {"\u000A"}✅ Отправлено клиенту.
        [cancelled] {"\u000A"}Отменено.
       *[other] {""}
    }
tasks-header = Ваши задачи ({ $count }):
tasks-empty = Открытых задач нет. Новые придут сюда сразу, как менеджер их поручит.
task-list-item = { $status ->
        [handed_in] 📤
       *[other] 📌
    } { $due } · { $stage } — { $project }
btn-task-open = Открыть задачу
btn-task-note = Прогресс с комментарием
btn-task-hand-in = Сдать результат
btn-task-submit = Отправить менеджеру
btn-task-send = Отправить клиенту
btn-task-return = Вернуть на доработку
btn-task-move = Перенести срок
btn-task-cancel = Отменить задачу
task-assigned =
    📌 <b>Новая задача</b>: «{ $stage }» — { $project } ({ $company })
    Срок: <b>{ $due }</b>
    { $brief }
task-files-caption = Файлы к задаче «{ $stage }»
task-due = { $step ->
        [d3] ⏳ Через 3 дня срок задачи
        [d1] ⏳ Завтра срок задачи
       *[other] ⏰ Сегодня срок задачи
    } «{ $stage }» ({ $project }) — { $due }. Готово { $progress }%.
task-overdue = 🔴 Просрочена задача «{ $stage }» ({ $project }, { $company }): { $specialist }, срок был { $due }, готово { $progress }%.
task-escalation = 🔴 Эскалация: задача «{ $stage }» ({ $project }, { $company }) у { $specialist } просрочена на { $days } раб. дн. (срок { $due }). Менеджер: { $manager }.
task-progressed = 📈 { $specialist }: «{ $stage }» ({ $project }) — готово { $percent }%{ $note ->
        [none] .
       *[other] : { $note }
    }
task-handed-in =
    📤 <b>{ $specialist } сдал(а) результат</b>: «{ $stage }» — { $project } ({ $company }), попытка { $round }{ $late ->
        [yes] , с опозданием (срок был { $due })
       *[other] {""}
    }.{ $result_note ->
        [none] {""}
       *[other] {"\u000A"}{ $result_note }
    }{ $result_link ->
        [none] {""}
       *[other] {"\u000A"}🔗 { $result_link }
    }
    Файлов: { $result_files }. Отправить клиенту на согласование или вернуть на доработку?
task-result-files-caption = Результат по задаче «{ $stage }» ({ $specialist })
task-returned =
    ↩️ Менеджер вернул задачу «{ $stage }» ({ $project }) на доработку:
    { $comment }
    Срок: { $due }.
task-accepted = ✅ Ваш результат по «{ $stage }» ({ $project }) принят и отправлен клиенту на согласование (v{ $version }). Спасибо!
task-cancelled = Задача «{ $stage }» ({ $project }) отменена. Исполнитель: { $specialist }.
task-note-prompt = Сколько готово по «{ $stage }» (сейчас { $progress }%)? Пришлите процент и комментарий, например: <code>60 главная готова</code>
task-note-bad = Начните с процента от 0 до 100, затем комментарий, например: <code>60 главная готова</code>
task-progress-bad = Прогресс — от 0 до 100%.
task-progress-saved = Записано: готово { $progress }%. Менеджер увидит.
task-hand-in-prompt = Результат по «{ $stage }»: пришлите файлы (можно альбомом, до 10), ссылку и комментарий — сколькими сообщениями удобно. Когда всё готово — «Отправить менеджеру».
task-result-collected = Добавлено. Файлов: { $files }{ $link ->
        [none] {""}
       *[other] , ссылка: { $link }
    }{ $note ->
        [yes] , есть комментарий
       *[other] {""}
    }.
task-result-empty = Сначала пришлите файл, ссылку или комментарий.
task-handed-in-done = Результат отправлен менеджеру (попытка { $round }). Ответ придёт сюда.
task-already-handed-in = Результат уже сдан и ждёт решения менеджера.
task-closed = Задача уже закрыта.
task-not-handed-in = Результата на решении нет: задача уже отправлена клиенту, возвращена или отменена.
task-sent-done = Отправлено клиенту на согласование: «{ $stage }», v{ $version }.
task-return-prompt = Что доработать? Комментарий получит { $name }.
task-return-comment = Напишите, что доработать — без комментария специалист не поймёт, что исправить.
task-returned-done = Возвращено на доработку, исполнитель — { $name } (возвратов: { $round }).
task-move-prompt = Новый срок задачи (сейчас { $due }; срок этапа { $deadline })? Например 25.12.
task-moved-done = Срок задачи «{ $stage }» ({ $name }) — { $due }. Специалист увидит новый срок в напоминаниях и календаре.
task-cancelled-done = Задача отменена, { $name } получит уведомление.
project-card-tasks = <b>Кто что делает:</b>
project-card-task = • { $stage } — { $specialist }{ $skill ->
        [none] {""}
       *[other] {" "}({ $skill })
    }: { $state ->
        [overdue] 🔴 просрочено, срок был { $due }
        [handed_in] 📤 сдано, ждёт решения
       *[other] до { $due }
    }, { $progress }%
stats-team-header = <b>Команда</b> (в работе · просрочено · сдано с опозданием за 12 недель):
stats-team-line = • { $name } — { $skill ->
        [none] без специализации
       *[other] { $skill }
    }: { $open } · { $overdue } · { $late }
stats-team-empty = В команде пока никого.
calendar-task = Срок задачи «{ $stage }»{ $who ->
        [none] {""}
       *[other] {" "}({ $who })
    } — { $context }
btn-stage-task = 👷 { $name } · до { $due }{ $status ->
        [handed_in] {" "}📤
       *[other] {""}
    }

# Акт сверки
cmd-reconciliation = Акт сверки с клиентом
recon-company = Акт сверки: с какой компанией?
recon-period-prompt = Акт сверки с «{ $company }»: за какой период? Например: <code>4 кв 2026</code>, <code>2026</code>, <code>11.2026</code> или <code>01.10.2026 - 31.12.2026</code>.
parse-period = Не понял период. Примеры: 4 кв 2026, 2026, 11.2026, 01.10.2026 - 31.12.2026.
reconciliation-period-bad = Период — от одного дня до трёх лет, начало не позже конца.
recon-caption = Акт сверки с «{ $company }» за { $start } — { $end }. Перешлите его бухгалтеру клиента: подписанный экземпляр — обратно.
recon-title = Акт сверки взаимных расчётов за период с { $start } по { $end }
recon-from = От { $party }
recon-nothing = За период с { $start } по { $end } операций не было, задолженности нет.
recon-currency = Расчёты в { $currency }
recon-day = Дата
recon-document = Документ
recon-debit = Дебет
recon-credit = Кредит
recon-opening = Сальдо начальное
recon-turnover = Обороты за период
recon-closing = Сальдо конечное
recon-invoice = Счёт № { $number }
recon-payment = Оплата по счёту № { $number }
recon-settled = По данным { $agency } на { $end } задолженность отсутствует.
recon-owes = По данным { $agency } на { $end } задолженность в пользу { $creditor } составляет { $amount } ({ $words }).
recon-agency-default = Исполнителя
