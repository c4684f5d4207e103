/**
 * Vietnamese, Traditional Chinese and Russian names and descriptions ([vi, zh-Hant, ru]) of the
 * street, parking, park, water and garbage services, keyed by service code.
 */
import type { EntryTranslations } from '../helpers.ts';

export const placeServiceTranslations: Record<string, EntryTranslations> = {
  POTHOLE: {
    name: ['Ổ gà', '路面坑洞', 'Выбоина на дороге'],
    description: [
      'Báo cáo ổ gà trên đường phố của Thành phố. Hầu hết ổ gà được vá trong vòng 5 ngày làm việc. Nếu một ổ gà đang gây nguy hiểm cho xe cộ, hãy gọi Bộ phận Bảo trì PBOT theo số 503-823-1700, 24 giờ mỗi ngày.',
      '通報市區街道上的坑洞。大多數坑洞會在 5 個工作天內填補。如坑洞正對交通造成危險，請撥打 PBOT 維修部門電話 503-823-1700（全天 24 小時）。',
      'Сообщите о выбоине на городской улице. Большинство выбоин заделывают в течение 5 рабочих дней. Если выбоина прямо сейчас опасна для движения, звоните в службу содержания PBOT по номеру 503-823-1700 круглосуточно.',
    ],
  },
  STREETLIGHT_OUT: {
    name: ['Đèn đường bị tắt hoặc hư hỏng', '路燈不亮或損壞', 'Не горит или повреждён уличный фонарь'],
    description: [
      'Báo cáo đèn đường bị tắt, nhấp nháy, sáng vào ban ngày hoặc bị hư hỏng. PBOT cố gắng sửa đèn đường trong vòng 10 ngày làm việc. Nếu cột đèn bị đổ hoặc dây điện bị hở, hãy gọi 503-823-1700.',
      '通報不亮、閃爍、白天亮著或損壞的路燈。PBOT 的目標是在 10 個工作天內修復路燈。如燈桿倒塌或電線外露，請撥打 503-823-1700。',
      'Сообщите о фонаре, который не горит, мигает, горит днём или повреждён. PBOT стремится ремонтировать фонари в течение 10 рабочих дней. Если опора сбита или провода оголены, звоните 503-823-1700.',
    ],
  },
  TRAFFIC_SIGNAL: {
    name: ['Sự cố đèn tín hiệu giao thông', '交通號誌故障', 'Неисправность светофора'],
    description: [
      'Báo cáo đèn tín hiệu giao thông bị tắt, bị kẹt, nhấp nháy hoặc nút bấm sang đường bị hỏng. Đội sửa đèn tín hiệu làm việc suốt ngày đêm. Hãy xem đèn tín hiệu bị tắt như một ngã tư dừng mọi hướng.',
      '通報不亮、卡住、閃爍或行人按鈕故障的交通號誌。號誌維修人員全天候待命。遇到號誌熄滅時，請視為全向停車路口。',
      'Сообщите о светофоре, который не работает, завис, мигает или у которого сломана кнопка для пешеходов. Бригады по светофорам работают круглосуточно. Неработающий светофор считайте перекрёстком, где все обязаны остановиться.',
    ],
  },
  STREET_SIGN: {
    name: ['Biển báo đường bị hư hỏng hoặc mất', '街道標誌損壞或遺失', 'Повреждённый или пропавший дорожный знак'],
    description: [
      'Báo cáo biển báo giao thông hoặc biển tên đường bị mất, bị đổ, bị xoắn, bị phai màu hoặc bị cây che khuất. Biển dừng bị mất là trường hợp khẩn cấp: hãy gọi 503-823-1700 bất cứ lúc nào.',
      '通報遺失、倒下、扭曲、褪色或被植物遮擋的交通標誌或路名牌。停車再開標誌遺失屬於緊急狀況：請隨時撥打 503-823-1700。',
      'Сообщите о дорожном знаке или табличке с названием улицы, которые пропали, упали, погнуты, выцвели или закрыты растениями. Пропавший знак «Стоп» — срочный случай: звоните 503-823-1700 в любое время.',
    ],
  },
  SIDEWALK_HAZARD: {
    name: ['Vỉa hè bị hư hỏng', '人行道損壞', 'Повреждённый тротуар'],
    description: [
      'Báo cáo vỉa hè bị vỡ, bị đội lên hoặc bị lún gây nguy cơ vấp ngã. PBOT sẽ kiểm tra vỉa hè; tại Portland, chủ sở hữu bất động sản liền kề chịu trách nhiệm sửa chữa.',
      '通報破裂、隆起或下陷而可能絆倒行人的人行道。PBOT 會進行檢查；在波特蘭，相鄰物業的業主須負責修復。',
      'Сообщите о разбитом, вздыбленном или просевшем тротуаре, о который можно споткнуться. PBOT проверит тротуар; в Портленде за его ремонт отвечает владелец прилегающего участка.',
    ],
  },
  CURB_RAMP: {
    name: ['Yêu cầu dốc lề đường', '路緣坡道申請', 'Запрос на пандус у бордюра'],
    description: [
      'Yêu cầu làm dốc lề đường, hoặc báo cáo dốc bị thiếu, hư hỏng, quá dốc hoặc bị chặn, để người dùng xe lăn, khung tập đi và xe đẩy có thể băng qua đường. Yêu cầu của người khuyết tật được ưu tiên.',
      '申請設置路緣坡道，或通報坡道缺少、損壞、過陡或被阻擋，讓使用輪椅、助行器與嬰兒車的人能夠過馬路。身心障礙者的申請將優先處理。',
      'Попросите устроить пандус у бордюра или сообщите, что его нет, он повреждён, слишком крутой или загорожен, чтобы люди на колясках, с ходунками и детскими колясками могли переходить улицу. Запросы людей с инвалидностью рассматриваются в первую очередь.',
    ],
  },
  ROAD_DEBRIS: {
    name: ['Mảnh vỡ hoặc vật cản nguy hiểm trên đường', '道路上的雜物或危險物', 'Мусор или опасный предмет на дороге'],
    description: [
      'Báo cáo vật cản trên đường gây nguy hiểm cho xe cộ: cành cây gãy, sỏi hoặc bùn, phụ tùng xe, đồ đạc, chất bị tràn. Nếu có người bị thương hoặc tai nạn chặn đường, hãy gọi 9-1-1.',
      '通報道路上危及交通的物品：掉落的樹枝、碎石或泥巴、汽車零件、家具、溢出物。如有人受傷或事故阻斷道路，請撥打 9-1-1。',
      'Сообщите о том, что на дороге мешает движению: упавшие ветки, гравий или грязь, детали автомобилей, мебель, разлив. Если кто-то пострадал или авария перекрыла дорогу, звоните 9-1-1.',
    ],
  },
  ROW_OBSTRUCTION: {
    name: ['Vỉa hè hoặc đường phố bị chặn', '人行道或街道遭阻擋', 'Перекрытый тротуар или улица'],
    description: [
      'Báo cáo cây cối mọc um tùm, thùng chứa, biển hiệu hoặc vật liệu chắn vỉa hè, dốc lề đường hoặc đường phố. Đối với xe đậu trên vỉa hè, hãy dùng mục “Vi phạm đỗ xe”.',
      '通報阻擋人行道、路緣坡道或街道的過度生長植物、容器、招牌或材料。如為車輛停在人行道上，請使用「違規停車」。',
      'Сообщите о разросшихся растениях, контейнерах, вывесках или материалах, которые загораживают тротуар, пандус или улицу. Если на тротуаре стоит машина, выберите «Нарушение правил парковки».',
    ],
  },
  WORK_ZONE: {
    name: ['Vấn đề tại khu vực thi công', '施工區域問題', 'Проблема в зоне дорожных работ'],
    description: [
      'Báo cáo vấn đề với công trình xây dựng hoặc công trình tiện ích trên đường: vỉa hè bị đóng mà không có lối đi vòng, làn xe đạp bị chặn, điều tiết giao thông không an toàn, hoặc thi công ngoài giờ được phép.',
      '通報街道上的建築或公用事業工程問題：人行道封閉卻無改道、自行車道被阻擋、交通管制不安全，或在許可時間以外施工。',
      'Сообщите о проблеме со строительными или коммунальными работами на улице: тротуар закрыт без обхода, перекрыта велодорожка, небезопасная организация движения или работы вне разрешённого времени.',
    ],
  },
  BIKE_RACK: {
    name: ['Yêu cầu giá để xe đạp', '自行車停車架申請', 'Запрос на велопарковку'],
    description: [
      'Yêu cầu lắp giá để xe đạp công cộng mới hoặc bãi đỗ xe đạp trên vỉa hè hay dưới lòng đường.',
      '申請在人行道或街道上設置新的公共自行車停車架或自行車停車區。',
      'Попросите установить новую общественную велопарковку на тротуаре или на проезжей части.',
    ],
  },
  TRAFFIC_SAFETY: {
    name: ['Lo ngại về an toàn giao thông', '交通安全疑慮', 'Вопрос безопасности дорожного движения'],
    description: [
      'Cho PBOT biết về tình trạng chạy quá tốc độ, chỗ băng qua đường không an toàn hoặc giao lộ nguy hiểm, hoặc đề nghị biện pháp giảm tốc độ. PBOT dùng các báo cáo này để đánh giá và ưu tiên các dự án an toàn. Để báo một tài xế nguy hiểm ngay lúc này, hãy gọi 9-1-1.',
      '向 PBOT 反映超速、不安全的穿越處或危險路口，或申請交通寧靜措施。PBOT 會利用這些通報評估安全改善計畫並排定優先順序。如要立即檢舉危險駕駛，請撥打 9-1-1。',
      'Расскажите PBOT о превышении скорости, опасных переходах или перекрёстках или попросите меры по успокоению движения. PBOT использует эти сообщения, чтобы оценивать проекты по безопасности и определять их очерёдность. Чтобы сообщить об опасном водителе прямо сейчас, звоните 9-1-1.',
    ],
  },
  STATE_HIGHWAY: {
    name: ['Sự cố trên xa lộ tiểu bang hoặc đường cao tốc', '州道或高速公路上的問題', 'Проблема на автомагистрали штата или скоростной дороге'],
    description: [
      'Ổ gà, mảnh vỡ, đèn, biển báo hoặc rác trên I-5, I-84, I-205, I-405, US 26 hoặc US 30 và các lối lên xuống do Sở Giao thông Vận tải Oregon (ODOT) xử lý.',
      'I-5、I-84、I-205、I-405、US 26 或 US 30 及其匝道上的坑洞、雜物、照明、標誌或垃圾，由俄勒岡州交通部（ODOT）處理。',
      'Выбоинами, мусором, освещением, знаками и отходами на I-5, I-84, I-205, I-405, US 26, US 30 и их съездах занимается Министерство транспорта Орегона (ODOT).',
    ],
  },
  RIVER_BRIDGE: {
    name: ['Sự cố trên cầu bắc qua sông Willamette', '威拉米特河橋梁問題', 'Проблема на мосту через реку Уилламетт'],
    description: [
      'Các cầu Broadway, Burnside, Morrison, Hawthorne và Sellwood thuộc Quận Multnomah.',
      'Broadway、Burnside、Morrison、Hawthorne 與 Sellwood 橋屬於摩特諾瑪郡。',
      'Мосты Бродвей, Бернсайд, Моррисон, Хоторн и Селлвуд принадлежат округу Малтнома.',
    ],
  },
  ABANDONED_VEHICLE: {
    name: ['Xe bị bỏ', '棄置車輛', 'Брошенный автомобиль'],
    description: [
      'Báo cáo xe bị để trên đường phố của Thành phố nhiều ngày không di chuyển, hoặc có vẻ bị bỏ hay không hoạt động được. Bộ phận Thực thi Quy định Đỗ xe sẽ kiểm tra và dán thông báo, và có thể kéo xe đi nếu xe không được di chuyển.',
      '通報停在市區街道多日未移動，或看似被棄置、無法行駛的車輛。停車執法人員會前往查看並張貼通知，若車輛未移走可能會被拖吊。',
      'Сообщите об автомобиле, который несколько дней стоит на городской улице без движения или выглядит брошенным или неисправным. Служба контроля парковки проверит его и оставит уведомление, а если его не переставят — может эвакуировать.',
    ],
  },
  PARKING_VIOLATION: {
    name: ['Vi phạm đỗ xe', '違規停車', 'Нарушение правил парковки'],
    description: [
      'Báo cáo xe chắn lối vào nhà, trụ cứu hỏa, làn xe đạp, vỉa hè hoặc chỗ đỗ dành cho người khuyết tật, hoặc đỗ quá giờ trong khu vực có đồng hồ tính tiền hay giới hạn thời gian.',
      '通報擋住車道出入口、消防栓、自行車道、人行道或無障礙停車位的車輛，或在計時收費區、限時停車區超時停放的車輛。',
      'Сообщите об автомобиле, который загораживает въезд, пожарный гидрант, велодорожку, тротуар или место для людей с инвалидностью, или стоит дольше разрешённого в платной или ограниченной по времени зоне.',
    ],
  },
  PARKING_METER: {
    name: ['Máy thu phí đỗ xe bị hỏng', '停車繳費機故障', 'Неисправный паркомат'],
    description: ['Báo cáo máy thu phí đỗ xe hoặc đồng hồ đỗ xe không hoạt động.', '通報無法運作的停車繳費機或停車計時器。', 'Сообщите о паркомате или счётчике парковки, который не работает.'],
  },
  PRIVATE_FOR_HIRE: {
    name: ['Khiếu nại về taxi hoặc xe gọi qua ứng dụng', '計程車或叫車服務投訴', 'Жалоба на такси или сервис заказа поездок'],
    description: [
      'Báo cáo vấn đề với taxi, Uber, Lyft hoặc dịch vụ chở khách tư nhân khác tại Portland: lái xe không an toàn, tính giá quá cao, hoặc từ chối chở khách, động vật phục vụ hay xe lăn. Chương trình Private for Hire của PBOT quản lý các công ty này.',
      '通報在波特蘭搭乘計程車、Uber、Lyft 或其他載客服務時遇到的問題：駕駛不安全、超收費用，或拒載乘客、服務犬或輪椅。PBOT 的「私人載客」計畫負責監管這些業者。',
      'Сообщите о проблеме с такси, Uber, Lyft или другой частной перевозкой в Портленде: опасное вождение, завышенная плата, отказ в поездке, в перевозке собаки-помощника или коляски. Эти компании регулирует программа PBOT Private for Hire.',
    ],
  },
  E_SCOOTER: {
    name: ['Sự cố xe scooter điện', '電動滑板車問題', 'Проблема с электросамокатом'],
    description: [
      'Báo cáo xe scooter điện dùng chung chắn vỉa hè, dốc lề đường hoặc cửa ra vào, bị đổ, bị hư hỏng hoặc bị điều khiển không an toàn. Chương trình scooter điện dùng chung của PBOT yêu cầu các công ty khắc phục sự cố nhanh chóng.',
      '通報擋住人行道、路緣坡道或門口、傾倒、損壞或被危險騎乘的共享電動滑板車。PBOT 的共享電動滑板車計畫要求業者迅速處理問題。',
      'Сообщите о прокатном электросамокате, который загораживает тротуар, пандус или вход, упал, повреждён или используется небезопасно. Программа PBOT по прокатным самокатам обязывает компании быстро устранять такие проблемы.',
    ],
  },
  WASHINGTON_PARK_PARKING: {
    name: ['Đỗ xe tại Công viên Washington', '華盛頓公園停車', 'Парковка в Вашингтон-парке'],
    description: [
      'Thông tin đỗ xe và hỗ trợ về máy thu phí và thanh toán tại Công viên Washington: Sở thú Oregon, Vườn ươm Hoyt, Vườn Nhật Bản Portland, Vườn Thử nghiệm Hoa hồng Quốc tế và Trung tâm Lâm nghiệp Thế giới.',
      '華盛頓公園的停車資訊，以及繳費機與付款協助：俄勒岡動物園、霍伊特植物園、波特蘭日本庭園、國際玫瑰試驗園與世界林業中心。',
      'Информация о парковке и помощь с паркоматами и оплатой в Вашингтон-парке: Орегонский зоопарк, дендрарий Хойт, Японский сад Портленда, Международный испытательный сад роз и Всемирный лесной центр.',
    ],
  },
  AREA_PARKING_PERMIT: {
    name: ['Giấy phép đỗ xe theo khu vực', '區域停車許可證', 'Районное разрешение на парковку'],
    description: [
      'Cư dân và doanh nghiệp trong các khu vực Giấy phép Đỗ xe Khu vực có thể đỗ xe quá giới hạn thời gian niêm yết nếu có giấy phép.',
      '區域停車許可區內的居民與商家持有許可證，即可停放超過標示的時間限制。',
      'Жители и предприятия в зонах районных разрешений на парковку могут с разрешением парковаться дольше указанного времени.',
    ],
  },
  TRANSIT_STOP: {
    name: ['Sự cố tại trạm xe buýt, mái che hoặc phương tiện công cộng', '公車站、候車亭或大眾運輸問題', 'Проблема с остановкой, навесом или общественным транспортом'],
    description: [
      'Trạm xe buýt, mái che, nhà ga MAX, lịch trình, giá vé và các vấn đề về tài xế do TriMet xử lý.',
      '公車站、候車亭、MAX 車站、時刻表、票價及駕駛員相關問題由 TriMet 處理。',
      'Остановками, навесами, станциями MAX, расписанием, тарифами и вопросами о водителях занимается TriMet.',
    ],
  },
  PARK_MAINTENANCE: {
    name: ['Sự cố bảo trì công viên', '公園維護問題', 'Проблема с содержанием парка'],
    description: [
      'Báo cáo sự cố trong công viên của Thành phố hoặc tại trung tâm cộng đồng: nhà vệ sinh, sân chơi, rác, đồ đạc bị hỏng, rò rỉ hệ thống tưới, đèn hoặc lối đi.',
      '通報市立公園或社區中心的問題：廁所、遊樂場、垃圾、損壞的設施、灌溉系統漏水、照明或步道。',
      'Сообщите о проблеме в городском парке или общественном центре: туалет, детская площадка, мусор, сломанная мебель, протечка полива, освещение или дорожки.',
    ],
  },
  TREE_ISSUE: {
    name: ['Sự cố về cây', '樹木問題', 'Проблема с деревом'],
    description: [
      'Báo cáo cây hoặc cành bị đổ, cành bị treo lơ lửng hoặc bị nứt, cây bị nghiêng hoặc chết, hoặc cây che biển báo hay đèn đường, trên đường phố, trong công viên hoặc trên đất công. Nếu cây chắn đường, hãy gọi 503-823-TREE (8733) bất cứ lúc nào; nếu cây đè lên đường dây điện, hãy gọi PGE theo số 503-464-7777.',
      '通報街道、公園或公有土地上倒下的樹木或樹枝、懸掛或斷裂的樹枝、傾斜或枯死的樹木，或遮擋標誌、路燈的樹木。樹木阻斷道路時，請隨時撥打 503-823-TREE（8733）；樹木壓到電線時，請撥打 PGE 電話 503-464-7777。',
      'Сообщите об упавшем дереве или ветке, надломленной или висящей ветке, наклонившемся или сухом дереве, а также о дереве, закрывающем знак или фонарь, — на улице, в парке или на общественной земле. Если дерево перегородило улицу, звоните 503-823-TREE (8733) в любое время; если дерево на проводах — в PGE по номеру 503-464-7777.',
    ],
  },
  PARK_RULES: {
    name: ['Lo ngại về nội quy hoặc an toàn công viên', '公園規定或安全疑慮', 'Нарушение правил или безопасность в парке'],
    description: [
      'Cho Kiểm lâm Công viên biết về chó không xích, hút thuốc, âm thanh khuếch đại, sử dụng ngoài giờ hoặc các vi phạm nội quy khác trong công viên. Công viên mở cửa từ 5 giờ sáng đến nửa đêm. Nếu có tội phạm đang xảy ra hoặc có người bị đe dọa an toàn, hãy gọi 9-1-1.',
      '向公園巡查員反映公園內未繫繩的狗、吸菸、擴音、非開放時間使用或其他違規問題。公園開放時間為早上 5 點至午夜。如有正在發生的犯罪或有人安全受威脅，請撥打 9-1-1。',
      'Сообщите парковым рейнджерам о собаках без поводка, курении, громком звуке, нахождении в парке в нерабочее время или других нарушениях правил. Парки открыты с 5 утра до полуночи. Если совершается преступление или кому-то угрожает опасность, звоните 9-1-1.',
    ],
  },
  RECREATION_REGISTRATION: {
    name: ['Lớp học giải trí và đăng ký', '休閒課程與報名', 'Занятия и запись на них'],
    description: [
      'Tìm và đăng ký các lớp học, trại hè và lớp dạy bơi của Sở Công viên và Giải trí Portland.',
      '查詢並報名波特蘭公園與休閒局的課程、營隊與游泳課。',
      'Найдите и запишитесь на занятия, лагеря и уроки плавания Управления парков и отдыха Портленда.',
    ],
  },
  PARK_INFO: {
    name: ['Giờ mở cửa, tiện ích và đặt chỗ tại công viên', '公園開放時間、設施與預約', 'Часы работы, объекты и бронирование в парках'],
    description: [
      'Giờ mở cửa, địa điểm và tiện ích của công viên và trung tâm cộng đồng, và cách đặt chỗ dã ngoại, sân bãi hoặc phòng.',
      '公園與社區中心的開放時間、地點與設施，以及如何預約野餐區、球場或場地。',
      'Часы работы, адреса и удобства парков и общественных центров, а также как забронировать место для пикника, площадку или зал.',
    ],
  },
  WATER_LEAK: {
    name: ['Rò rỉ nước', '漏水', 'Утечка воды'],
    description: [
      'Báo cáo nước rò rỉ hoặc chảy trên đường hay vỉa hè, tại đồng hồ nước hoặc từ trụ cứu hỏa. Rò rỉ lớn là trường hợp khẩn cấp: hãy gọi Sở Cấp nước theo số 503-823-4874, 24 giờ mỗi ngày.',
      '通報街道或人行道上、水錶處或消防栓漏水或流水的情形。大量漏水屬於緊急狀況：請撥打水務局電話 503-823-4874（全天 24 小時）。',
      'Сообщите о воде, которая течёт или сочится на улице или тротуаре, у водомера или из пожарного гидранта. Сильная утечка — экстренный случай: звоните в Водное бюро по номеру 503-823-4874 круглосуточно.',
    ],
  },
  WATER_QUALITY: {
    name: ['Chất lượng nước uống', '飲用水水質', 'Качество питьевой воды'],
    description: [
      'Báo cáo nước máy bị đổi màu hoặc đục, hoặc có mùi vị bất thường.',
      '通報變色、混濁，或味道、氣味異常的自來水。',
      'Сообщите, если водопроводная вода изменила цвет, мутная или имеет необычный вкус или запах.',
    ],
  },
  FIRE_HYDRANT: {
    name: ['Trụ cứu hỏa bị hư hỏng', '消防栓損壞', 'Повреждённый пожарный гидрант'],
    description: [
      'Báo cáo trụ cứu hỏa bị rò rỉ, hư hỏng, bị mở, mất nắp hoặc bị chắn.',
      '通報漏水、損壞、被打開、缺少蓋子或被阻擋的消防栓。',
      'Сообщите о пожарном гидранте, который протекает, повреждён, открыт, без крышки или загорожен.',
    ],
  },
  SEWER_BACKUP: {
    name: ['Cống bị trào ngược hoặc tràn', '污水倒灌或溢流', 'Засор или перелив канализации'],
    description: [
      'Báo cáo nước thải trào lên từ cống thoát, bồn cầu, ống thông hoặc hố ga, hoặc mùi cống nồng nặc từ đường phố. Nếu nước thải trào ngược vào nhà, hãy gọi 503-823-1700 bất cứ lúc nào. Nếu sự cố nằm ở đường ống riêng của quý vị, BES sẽ cho biết quý vị có cần thợ sửa ống nước hay không.',
      '通報污水從排水口、馬桶、清潔口或人孔湧出，或街道上傳出強烈的污水味。如污水倒灌進入住家，請隨時撥打 503-823-1700。如問題出在您的私人管線，BES 會告知您是否需要請水電工。',
      'Сообщите, если сточные воды поднимаются из слива, унитаза, ревизии или люка, или с улицы сильно пахнет канализацией. Если стоки попадают в дом, звоните 503-823-1700 в любое время. Если проблема в вашей частной трубе, BES подскажет, нужен ли вам сантехник.',
    ],
  },
  STORM_DRAIN: {
    name: ['Cống thoát nước mưa bị tắc hoặc đường bị ngập', '雨水排水口堵塞或街道淹水', 'Засорённый ливнесток или затопленная улица'],
    description: [
      'Báo cáo cống thoát nước mưa bị tắc do lá cây hoặc rác, hoặc nước đọng trên đường. Vào mùa thu, việc cào lá ra khỏi cống trước nhà một cách an toàn giúp ngăn ngập lụt.',
      '通報被落葉或雜物堵塞的雨水排水口，或街道積水。秋季時，安全地將自家門前排水口上的落葉耙開，有助於防止淹水。',
      'Сообщите о ливнестоке, забитом листьями или мусором, или о воде, скопившейся на улице. Осенью, если аккуратно сгребать листья с ливнестока перед домом, можно предотвратить подтопление.',
    ],
  },
  POLLUTION_SPILL: {
    name: ['Tràn chất ô nhiễm vào cống hoặc sông suối', '排水口或水道的溢漏或污染', 'Разлив или загрязнение в ливнестоке или водоёме'],
    description: [
      'Báo cáo dầu, sơn, hóa chất, nước thải hoặc chất ô nhiễm khác chảy vào cống thoát nước mưa, con lạch hoặc dòng sông. Gọi 503-823-1700 bất cứ lúc nào nếu sự cố tràn đang diễn ra; nếu có cháy, khói độc hoặc người bị thương, hãy gọi 9-1-1.',
      '通報油料、油漆、化學品、污水或其他污染物流入雨水排水口、溪流或河川。如溢漏仍在持續，請隨時撥打 503-823-1700；如有火災、有毒氣體或人員受傷，請撥打 9-1-1。',
      'Сообщите о нефтепродуктах, краске, химикатах, сточных водах или другом загрязнении, попадающем в ливнесток, ручей или реку. При продолжающемся разливе звоните 503-823-1700 в любое время; при пожаре, ядовитых парах или пострадавших — 9-1-1.',
    ],
  },
  GARBAGE_DAY: {
    name: ['Ngày thu gom rác, đồ tái chế và phân trộn', '垃圾、資源回收與堆肥收集日', 'День вывоза мусора, вторсырья и компоста'],
    description: [
      'Tìm ngày thu gom và công ty rác của quý vị, và biết loại nào bỏ vào thùng nào.',
      '查詢您的收集日與垃圾清運公司，以及各個回收桶應放入哪些物品。',
      'Узнайте день вывоза и свою мусорную компанию, а также что класть в каждый контейнер.',
    ],
  },
  COLLECTION_COMPLAINT: {
    name: ['Bỏ sót thu gom hoặc khiếu nại dịch vụ rác', '漏收或垃圾服務投訴', 'Пропущенный вывоз или жалоба на вывоз мусора'],
    description: [
      'Cho chúng tôi biết về việc bị bỏ sót thu gom hoặc vấn đề với dịch vụ rác, tái chế hay phân trộn mà công ty rác của quý vị chưa khắc phục. Vui lòng liên hệ công ty trước; BPS sẽ theo dõi với công ty.',
      '告訴我們漏收情形，或您的垃圾清運公司尚未解決的垃圾、資源回收或堆肥服務問題。請先聯絡清運公司；BPS 會向業者追蹤處理。',
      'Сообщите о пропущенном вывозе или о проблеме с вывозом мусора, вторсырья или компоста, которую ваша компания не устранила. Сначала обратитесь в компанию; BPS проконтролирует её.',
    ],
  },
  LEAF_DAY: {
    name: ['Thu gom lá (Leaf Day)', '落葉收集日（Leaf Day）', 'Вывоз листьев (Leaf Day)'],
    description: [
      'Thu gom lá trên đường vào mùa thu tại các khu phố có nhiều cây lớn ven đường.',
      '秋季在行道樹多且高大的社區收集街道落葉。',
      'Осенняя уборка листьев с улиц в районах с большим количеством крупных уличных деревьев.',
    ],
  },
  HAZARDOUS_WASTE: {
    name: ['Xử lý chất thải nguy hại', '有害廢棄物處理', 'Утилизация опасных отходов'],
    description: [
      'Nơi mang sơn, hóa chất, pin và các chất thải nguy hại khác trong gia đình đến.',
      '油漆、化學品、電池及其他家用有害廢棄物可送往何處。',
      'Куда сдавать краску, химикаты, батарейки и другие опасные бытовые отходы.',
    ],
  },
};
